"""Writes of the reporting app."""

from .annual import submit_annual_report
from .lists import Upload, commit_list, upload_list

__all__ = ["Upload", "commit_list", "submit_annual_report", "upload_list"]
