"""Cross-origin rules: the Open Referral API is open to all, the resident API to council sites.

The widget on the council's own website calls /api/chat from another origin,
so those origins are listed in settings. Staff and analyst pages are
same-origin only. Open Referral UK is a public standard for sharing service
data, so any site may read it.
"""

from __future__ import annotations

from starlette.middleware.cors import CORSMiddleware
from starlette.types import ASGIApp, Receive, Scope, Send

OPEN_PREFIX = "/oruk"
RESIDENT_PREFIX = "/api/"


class CouncilCORS:
    def __init__(self, app: ASGIApp, council_origins: list[str]) -> None:
        self.app = app
        self.open = CORSMiddleware(app, allow_origins=["*"], allow_methods=["GET"])
        self.council = CORSMiddleware(
            app,
            allow_origins=council_origins,
            allow_methods=["POST"],
            allow_headers=["Content-Type"],
            max_age=3600,
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "") if scope["type"] == "http" else ""
        if path.startswith(OPEN_PREFIX):
            await self.open(scope, receive, send)
        elif path.startswith(RESIDENT_PREFIX):
            await self.council(scope, receive, send)
        else:
            await self.app(scope, receive, send)
