"""Limits on what a request may carry, enforced before the application reads it.

- ``RequestLimitsMiddleware`` (first in ``MIDDLEWARE``): a body larger than ``REQUEST_MAX_BYTES`` is a 413,
  decided from ``Content-Length`` before a byte is read, or while reading a body of unknown length
  (chunked); a NUL byte in the path or the query string is a 400 (PostgreSQL cannot even compare text
  holding one, so any lookup or filter would fail).
- ``CappedUploadHandler`` (first in ``FILE_UPLOAD_HANDLERS``): an uploaded file stops being stored once
  it passes ``EVIDENCE_MAX_BYTES``; what reaches the form or service is an empty file that still reports
  its size, so their size check refuses it with the usual message. What was spooled to a temporary file
  before the limit was passed is closed and deleted at once.
"""

import io
from collections.abc import Callable
from urllib.parse import unquote_to_bytes

from django.conf import settings
from django.core.files.uploadedfile import InMemoryUploadedFile
from django.core.files.uploadhandler import FileUploadHandler
from django.core.handlers.wsgi import LimitedStream
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template import loader

_READ_CHUNK = 64 * 1024


def _refusal(request: HttpRequest, status: int, code: str, detail: str) -> HttpResponse:
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": detail, "code": code}, status=status)
    # The page is rendered without the request: this runs before sessions and users exist.
    page = loader.render_to_string(f"{status}.html", {"detail": detail})
    return HttpResponse(page, status=status)


def _too_large(request: HttpRequest, limit: int) -> HttpResponse:
    response = _refusal(
        request,
        413,
        "request_too_large",
        f"The request is larger than the {limit / 1_048_576:.0f} MB allowed.",
    )
    response["Connection"] = "close"  # the unread body is not worth reading
    return response


def _holds_nul(request: HttpRequest) -> bool:
    raw_path = request.META.get("PATH_INFO", "")
    query = request.META.get("QUERY_STRING", "")
    return "\x00" in raw_path or "\x00" in request.path or b"\x00" in unquote_to_bytes(query)


class RequestLimitsMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if _holds_nul(request):
            return _refusal(request, 400, "invalid_data", "The address contains a NUL character.")
        limit = settings.REQUEST_MAX_BYTES
        declared = request.META.get("CONTENT_LENGTH")
        if declared:
            try:
                length = int(declared)
            except ValueError:
                return _refusal(request, 400, "invalid_data", "The Content-Length header is not a number.")
            if length > limit:
                return _too_large(request, limit)
        elif "chunked" in request.META.get("HTTP_TRANSFER_ENCODING", "").lower():
            body = self._read_at_most(request, limit)
            if body is None:
                return _too_large(request, limit)
            self._replace_body(request, body)
        return self.get_response(request)

    @staticmethod
    def _read_at_most(request: HttpRequest, limit: int) -> bytes | None:
        """The whole body of unknown length, or None as soon as it passes ``limit``."""
        stream = request.META["wsgi.input"]
        buffer = bytearray()
        while chunk := stream.read(min(_READ_CHUNK, limit + 1 - len(buffer))):
            buffer += chunk
            if len(buffer) > limit:
                return None
        return bytes(buffer)

    @staticmethod
    def _replace_body(request: HttpRequest, body: bytes) -> None:
        # Django reads only Content-Length bytes; a chunked body read here within the limit is handed
        # on as if it had been sent with its length.
        request.META["CONTENT_LENGTH"] = str(len(body))
        request._stream = LimitedStream(io.BytesIO(body), len(body))  # type: ignore[assignment]


class CappedUploadHandler(FileUploadHandler):
    """Counts each uploaded file's bytes; past ``EVIDENCE_MAX_BYTES`` the rest is dropped, not stored."""

    def new_file(self, *args, **kwargs) -> None:
        super().new_file(*args, **kwargs)
        self.received = 0

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes | None:
        self.received += len(raw_data)
        if self.received > settings.EVIDENCE_MAX_BYTES:
            if self.received - len(raw_data) <= settings.EVIDENCE_MAX_BYTES:
                self._discard_partial_files()
            return None  # the handlers after this one never see the chunk
        return raw_data

    def _discard_partial_files(self) -> None:
        """What the handlers after this one stored of the file so far (a temporary file on disk past
        ``FILE_UPLOAD_MAX_MEMORY_SIZE``) is never completed: close it now, which deletes a temporary
        file, rather than leave it open and on disk until the garbage collector finds the request."""
        for handler in self.request.upload_handlers if self.request is not None else []:
            partial = getattr(handler, "file", None) if handler is not self else None
            if partial is not None:
                partial.close()
                delattr(handler, "file")  # nothing later closes it twice

    def file_complete(self, file_size: int):
        if self.received <= settings.EVIDENCE_MAX_BYTES:
            return None  # the ordinary handlers after this one deliver the file
        return InMemoryUploadedFile(
            io.BytesIO(b""),
            self.field_name,
            self.file_name,
            self.content_type,
            self.received,
            self.charset,
            self.content_type_extra,
        )
