"""What the gateway does with demand after each reply."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from demand.conversation_keys import KeysForConversations
from demand.events import Channel, DemandFacts, DemandLog
from privacy.scrubbing import get_scrubber

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class DemandRecorder:
    log: DemandLog
    keys: KeysForConversations
    keep_unmet_samples: bool = False

    def after_reply(
        self, session_id: str, message: str, channel: Channel, facts: DemandFacts
    ) -> None:
        """Record the event; a failure here must never reach the resident."""
        try:
            key = self.keys.key_for(session_id)
            self.log.record(facts, channel=channel, conversation_key=key)
            if self.keep_unmet_samples and facts.outcome == "no_match":
                self.log.keep_sample(get_scrubber().scrub(message), channel)
        except Exception as error:  # the reply matters more than the record
            logger.error("demand event not recorded (%s)", type(error).__name__)
