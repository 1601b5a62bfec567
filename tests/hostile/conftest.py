"""The pages' AppTest fixture, for the links in the corpus."""

from tests.pages.conftest import app_test  # noqa: F401
