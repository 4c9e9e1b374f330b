"""Rasa's in-memory tracker store, forgetting conversations after a quiet spell.

Rasa's own InMemoryTrackerStore keeps every conversation (what residents typed
included) until the engine restarts, so anyone could grow it without limit. This
one forgets a conversation `ttl_seconds` after its last message: the gateway's
session lifetime, which the launcher passes in as TRACKER_TTL_SECONDS. Nothing
is written to disk. With several engines, Redis with `record_exp` does the same.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from typing import Any

from rasa.core.brokers.broker import EventBroker
from rasa.core.tracker_store import InMemoryTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.trackers import DialogueStateTracker

DEFAULT_TTL_SECONDS = 3600.0


class ExpiringInMemoryTrackerStore(InMemoryTrackerStore):
    def __init__(
        self,
        domain: Domain,
        event_broker: EventBroker | None = None,
        ttl_seconds: Any = DEFAULT_TTL_SECONDS,
        **kwargs: Any,
    ) -> None:
        super().__init__(domain, event_broker, **kwargs)
        self.ttl_seconds = float(ttl_seconds)
        # Oldest first: a conversation moves to the end each time it is saved.
        self._last_saved: OrderedDict[str, float] = OrderedDict()

    async def save(self, tracker: DialogueStateTracker) -> None:
        self.forget_expired()
        await super().save(tracker)
        self._last_saved[tracker.sender_id] = time.monotonic()
        self._last_saved.move_to_end(tracker.sender_id)

    async def retrieve(self, sender_id: str) -> DialogueStateTracker | None:
        self.forget_expired()
        return await super().retrieve(sender_id)

    async def retrieve_full_tracker(self, sender_id: str) -> DialogueStateTracker | None:
        self.forget_expired()
        return await super().retrieve_full_tracker(sender_id)

    def forget_expired(self) -> None:
        """Drop every conversation quiet for longer than the TTL, oldest first."""
        cutoff = time.monotonic() - self.ttl_seconds
        while self._last_saved:
            sender_id, saved = next(iter(self._last_saved.items()))
            if saved > cutoff:
                break
            del self._last_saved[sender_id]
            self.store.pop(sender_id, None)
