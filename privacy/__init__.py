"""Keeping personal data out of what is stored and logged: the Presidio scrubber and the
log-record filter that uses it. Used by the demand log, the API and the action server."""
