"""The one error family of liquidator.

Core code raises these; the CLI edge catches them once, prints the message on one
line to stderr and exits with ``exit_code``.
"""


class LiquidatorError(Exception):
    """A failure the user should read about, not a bug. Exit code 1."""

    exit_code = 1

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class InvalidInput(LiquidatorError):
    """Bad usage or invalid input: nothing was written. Exit code 2."""

    exit_code = 2

    def __init__(self, field: str, problem: str):
        super().__init__(f"{field}: {problem}")
        self.field = field
        self.problem = problem


class NotFound(LiquidatorError):
    """A record the user named does not exist. Exit code 1."""

    exit_code = 1


def items_not_found(item_ids: list[int] | tuple[int, ...]) -> NotFound:
    """The one error for item numbers that name no item ("item 12 not found")."""
    from liquidator.i18n import ngettext, some_names

    return NotFound(
        ngettext("item {ids} not found", "items {ids} not found", len(item_ids)).format(
            ids=some_names([str(each) for each in item_ids])
        )
    )


class DatabaseDamaged(LiquidatorError):
    """The database file is damaged (``reason`` says how): restore a backup. Exit code 1."""

    exit_code = 1

    def __init__(self, message: str, reason: str = ""):
        super().__init__(message)
        self.reason = reason
