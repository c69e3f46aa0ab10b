"""How the audit trail words Sec. 4 programs and their yearly figures: see ``common.audit_words``."""

from collections.abc import Sequence

from common.audit_words import numeric, register_action, register_object

from .models import SupportModel, SupportProgram, YearlyFigures


def _model_words(model: str, other_name: str) -> str:
    if model == SupportModel.OTHER and other_name:
        return other_name
    return str(SupportModel(model).label) if model in SupportModel.values else model


def _programs(ids: Sequence[str]) -> dict[str, str]:
    rows = SupportProgram.objects.filter(pk__in=numeric(ids)).values_list(
        "pk", "agency__name", "model", "other_name"
    )
    return {
        str(pk): f"{agency}'s Sec. 4 program ({_model_words(model, other).lower()})"
        for pk, agency, model, other in rows
    }


def _figures(ids: Sequence[str]) -> dict[str, str]:
    rows = YearlyFigures.objects.filter(pk__in=numeric(ids)).values_list(
        "pk", "year", "program__agency__name", "program__model", "program__other_name"
    )
    return {
        str(pk): f"{agency}'s {year} figures of its Sec. 4 program ({_model_words(model, other).lower()})"
        for pk, year, agency, model, other in rows
    }


def register() -> None:
    register_object("community.supportprogram", noun="Sec. 4 program", namer=_programs)
    register_object("community.yearlyfigures", noun="Sec. 4 yearly figures", namer=_figures)
    register_action(
        "sec4_program.created", label="Sec. 4 program recorded", sentence="{who} recorded {thing}"
    )
    register_action(
        "sec4_program.updated", label="Sec. 4 program changed", sentence="{who} changed the terms of {thing}"
    )
    register_action("sec4_figures.filed", label="Sec. 4 figures filed", sentence="{who} filed {thing}")
    register_action("sec4_figures.amended", label="Sec. 4 figures amended", sentence="{who} amended {thing}")
