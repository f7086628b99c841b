"""The ways in: the FastAPI app (REST, later the review UI) and the `yomitori` CLI."""
