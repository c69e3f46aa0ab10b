"""Streaming an evidence document to someone already allowed to see its application."""

from django.http import FileResponse, Http404

from .models import EvidenceDocument


def document_response(document: EvidenceDocument) -> FileResponse:
    """The file as an attachment with the type detected at upload, never cached by a shared proxy."""
    try:
        handle = document.file.open("rb")
    except FileNotFoundError:
        raise Http404("The stored file is missing.") from None
    response = FileResponse(
        handle, as_attachment=True, filename=document.original_name, content_type=document.content_type
    )
    response["Cache-Control"] = "private, no-store"
    return response
