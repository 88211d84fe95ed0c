"""Django admin of the evaluation records (reaction and learning): read-mostly, for support.
Writes go through :mod:`bina.evaluation.services`. Feedback is shown without the person."""

from django.contrib import admin
from django.http import HttpRequest

from bina.evaluation.models import Feedback, Quiz, QuizAttempt, QuizQuestion, TestScore


@admin.register(Feedback)
class FeedbackAdmin(admin.ModelAdmin[Feedback]):
    list_display = ["pk", "overall", "relevance", "speakers", "submitted_at"]
    # the enrollment names the participant: left out so that comments stay anonymous here too
    exclude = ["enrollment"]
    readonly_fields = ["submitted_at"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # feedback is given by the participant, through the service

    def lookup_allowed(self, lookup: str, value: str, request: HttpRequest) -> bool:  # type: ignore[override]
        if lookup.startswith("enrollment"):
            return False  # no ?enrollment__employee=… to tie an answer to a person
        return bool(super().lookup_allowed(lookup, value, request))


@admin.register(TestScore)
class TestScoreAdmin(admin.ModelAdmin[TestScore]):
    list_display = ["enrollment", "pre", "post", "max_score", "source", "updated_at"]
    list_filter = ["source"]
    readonly_fields = ["enrollment"]


class QuestionInline(admin.TabularInline[QuizQuestion, Quiz]):
    model = QuizQuestion
    extra = 0


@admin.register(Quiz)
class QuizAdmin(admin.ModelAdmin[Quiz]):
    list_display = ["title", "programme", "created_at"]
    inlines = [QuestionInline]


@admin.register(QuizAttempt)
class QuizAttemptAdmin(admin.ModelAdmin[QuizAttempt]):
    list_display = ["enrollment", "quiz", "kind", "score", "submitted_at"]
    list_filter = ["kind"]
    readonly_fields = ["enrollment", "quiz", "answers", "score", "submitted_at"]
