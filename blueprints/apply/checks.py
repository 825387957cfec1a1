"""The error every answer check raises: one plain-Indonesian message to show beside the field.

Identity numbers, contact details and photos are checked by pure functions that
know nothing of forms; the forms turn this error into the field's message.
"""


class CheckError(ValueError):
    """An answer that cannot be right, with the message to show beside the field."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message
