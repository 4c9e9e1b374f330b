"""Custom actions for the Rasa engine, served by the Rasa SDK action server."""
