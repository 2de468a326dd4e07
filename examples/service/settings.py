"""Configuration, read once from ``HEROES_*`` variables and ``.env``."""

from functools import lru_cache

from pydantic import SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="HEROES_", env_file=".env", extra="ignore"
    )

    app_name: str = "heroes"
    database_url: str = "sqlite:///./heroes.db"
    echo_sql: bool = False
    profile_api_url: str = "https://profiles.example.com"
    profile_api_key: SecretStr = SecretStr("change-me")
    password_hash_rounds: int = 600_000
    export_delimiter: str = ","


@lru_cache
def get_settings() -> Settings:
    return Settings()
