"""Sec. 3 pages about one record or one report: revising a record, attaching its supporting documents,
a DOJ administrator's status correction, amending a submitted quarterly report."""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from accounts.rules import is_agency_staff
from common.errors import DomainError, NotFound
from common.uploads import stored_file_response
from records.models import QuarterlyReport, ReportKind, UseOfForceRecord
from records.quarters import Quarter
from records.selectors import (
    documents_of,
    record_document_visible_to,
    record_visible_to,
    report_visible_to,
    revisions_of,
    versions_of,
)
from records.services.records import VERSIONED_FIELDS, attach_record_document, correct_status, revise_record
from records.services.reports import amend_report

from ..access import page
from ..forms import add_domain_error
from ..records_forms import AmendmentForm, RecordDocumentForm, RevisionForm, StatusCorrectionForm
from .shared import user_of


def _found(read: Callable[..., Any], *args: Any) -> Any:
    try:
        return read(*args)
    except NotFound as error:
        raise Http404(error.message) from None


def _record(request: HttpRequest, pk: int) -> UseOfForceRecord:
    return _found(record_visible_to, user_of(request), pk)


def _record_page(
    request: HttpRequest, record: UseOfForceRecord, form: RecordDocumentForm | None, status: int = 200
) -> HttpResponse:
    context = {
        "record": record,
        "revisions": revisions_of(record),
        "documents": documents_of(record),
        "document_form": form if is_agency_staff(user_of(request)) else None,
    }
    return render(request, "records/record.html", context, status=status)


@page("sec3_record")
def sec3_record(request: HttpRequest, pk: int) -> HttpResponse:
    return _record_page(request, _record(request, pk), RecordDocumentForm())


@page("sec3_record_attach")
def sec3_record_attach(request: HttpRequest, pk: int) -> HttpResponse:
    record = _record(request, pk)
    if request.method != "POST":
        return redirect("sec3_record", pk=record.pk)
    form = RecordDocumentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            document = attach_record_document(
                actor=user_of(request), record=record, upload=form.cleaned_data["file"]
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, f"“{document.original_name}” is attached to record {record.pk}.")
            return redirect("sec3_record", pk=record.pk)
    return _record_page(request, record, form, status=400)


@page("sec3_record_document")
def sec3_record_document(request: HttpRequest, pk: int) -> FileResponse:
    return stored_file_response(_found(record_document_visible_to, user_of(request), pk))


@page("sec3_record_revise")
def sec3_record_revise(request: HttpRequest, pk: int) -> HttpResponse:
    record = _record(request, pk)
    current = {field: getattr(record, field) for field in VERSIONED_FIELDS}
    form = RevisionForm(request.POST or None, initial=current)
    if request.method == "POST" and form.is_valid():
        changes = {field: form.cleaned_data[field] for field in VERSIONED_FIELDS}
        try:
            revise_record(
                actor=user_of(request), record=record, reason=form.cleaned_data["reason"], **changes
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, f"{record.title} was revised.")
            return redirect("sec3_record", pk=record.pk)
    context = {"record": record, "form": form, "revisions": revisions_of(record)}
    status = 400 if request.method == "POST" else 200
    return render(request, "records/revise.html", context, status=status)


@page("sec3_record_correct")
def sec3_record_correct(request: HttpRequest, pk: int) -> HttpResponse:
    record = _record(request, pk)
    form = StatusCorrectionForm(request.POST or None, initial={"process_status": record.process_status})
    if request.method == "POST" and form.is_valid():
        try:
            correct_status(actor=user_of(request), record=record, **form.cleaned_data)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, f"The status of record {record.pk} was corrected.")
            return redirect("sec3_record", pk=record.pk)
    context = {"record": record, "form": form, "revisions": revisions_of(record)}
    status = 400 if request.method == "POST" else 200
    return render(request, "records/correct.html", context, status=status)


@page("sec3_report_amend")
def sec3_report_amend(request: HttpRequest, pk: int) -> HttpResponse:
    report: QuarterlyReport = _found(report_visible_to, user_of(request), pk)
    initial = {
        "zero": "yes" if report.kind == ReportKind.ZERO else "no",
        "signed_by_name": report.signed_by_name,
        "signed_by_title": report.signed_by_title,
    }
    form = AmendmentForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            amend_report(actor=user_of(request), report=report, **form.cleaned_data)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, "The report was amended; the earlier version is kept.")
            return redirect("sec3_reports")
    context = {
        "report": report,
        "quarter": Quarter.of(report.quarter),
        "form": form,
        "versions": versions_of(report),
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "records/amend.html", context, status=status)
