# The seeded case categories, as the case tests use them.
from tests.cases.conftest import cats  # noqa: F401
