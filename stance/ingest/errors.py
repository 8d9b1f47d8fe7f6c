"""The one error ingest raises: it names the file and says what to do."""


class IngestError(Exception):
    """A file that cannot become an article. The message is shown to the user as is."""

    def __init__(self, file_name: str, reason: str):
        self.file_name = file_name
        self.reason = reason
        super().__init__(f"{file_name}: {reason}")
