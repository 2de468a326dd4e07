"""A transactional-outbox stand-in: messages are queued as JSON for a relay."""

import json
from dataclasses import dataclass, field

from pydantic import BaseModel


@dataclass
class Outbox:
    messages: list[tuple[str, str]] = field(default_factory=list)

    def publish(self, topic: str, body: object) -> None:
        """Queue anything ``json.dumps`` accepts (the original API)."""
        self.messages.append((topic, json.dumps(body, default=str)))

    def publish_model(self, topic: str, body: BaseModel) -> None:
        """Queue a model: it is serialised here, at the boundary."""
        self.messages.append((topic, body.model_dump_json()))
