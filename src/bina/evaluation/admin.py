"""Django admin of the evaluation records (reaction and learning): read-mostly, for support.
Writes go through :mod:`bina.evaluation.services`. Feedback is shown without the person."""

from django.contrib import admin

from bina.evaluation.models import Feedback, Quiz, QuizAttempt, QuizQuestion, TestScore


@admin.register(Feedback)
class FeedbackAdmin(admin.ModelAdmin[Feedback]):
    list_display = ["enrollment", "overall", "relevance", "speakers", "submitted_at"]
    readonly_fields = ["enrollment", "submitted_at"]


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
