"""Domain errors: raised by the services, answered by the API in one handler (api/main.py).

Each carries the HTTP status it means and a plain message a resident, a member of staff
or an analyst can act on. Services raise these, never FastAPI's HTTP exceptions, so they
stay usable from the command line and the action server.
"""

from __future__ import annotations


class AssistantError(Exception):
    status_code = 400

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class InvalidRequest(AssistantError):
    """A filter, search or field the request got wrong."""

    status_code = 422


class NotFound(AssistantError):
    status_code = 404


class Conflict(AssistantError):
    """Right request, wrong moment: for example a search before choosing a hub."""

    status_code = 409
