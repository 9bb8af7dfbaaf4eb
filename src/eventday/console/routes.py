"""The console page, its socket, and the console actions in the API."""

from __future__ import annotations

from typing import Any

from litestar import Request, Router, WebSocket, get, post, websocket
from litestar.di import Provide
from litestar.response import Template

from eventday.accounts import service as accounts
from eventday.accounts.guards import current_account, provide_account
from eventday.accounts.models import Account, EventRole
from eventday.console import manage, moderator, service
from eventday.console.models import ConsoleAction, ConsoleState, Stats
from eventday.console.socket import ConsoleConnection, live_numbers
from eventday.db import Database
from eventday.errors import Conflict
from eventday.events.guards import provide_event, require_event_role
from eventday.events.models import Event
from eventday.events.queries import event_by_slug
from eventday.live import queries as live_queries
from eventday.live.routes import join_url, live_of, refuse_staff
from eventday.live.setup import Live
from eventday.web.i18n import gettext, pgettext, plural_forms
from eventday.web.origins import refuse_foreign_origin

MODERATE = require_event_role(EventRole.MODERATOR)
API = "/api/v1/events/{event_slug:str}/console"


@get("/console/{event_slug:str}", guards=[MODERATE], name="console")
async def console_page(
    request: Request[Any, Any, Any], db: Database, event: Event, account: Account
) -> Template:
    """The moderator's console: run of show, moderation, announcements, audit log."""
    return Template(
        "console/console.html",
        context={
            "event": event,
            "join_url": join_url(request, event),
            "strings": console_strings(),
            "kinds": manage.kind_labels(),
            "sources": await manage.copy_sources(db, account, event),
            # As the page is drawn, so that its button has a name before the socket
            # says more (the socket's state redraws it).
            "evaluation_open": (await live_queries.live_settings(db, event.id)).evaluation_open,
        },
    )


@websocket("/console/{event_slug:str}/ws", name="console_socket")
async def console_socket(socket: WebSocket[Any, Any, Any], event_slug: str) -> None:
    """The console's live connection: moderators of the event and organisers only."""
    if await refuse_foreign_origin(socket):
        return
    db: Database = socket.app.state.db
    live: Live = live_of(socket)
    event = await event_by_slug(db, event_slug)
    account = await current_account(socket)
    allowed = (
        event is not None
        and account is not None
        and await accounts.can_act_on_event(db, account, event.id, {EventRole.MODERATOR})
    )
    await socket.accept()
    if not allowed or event is None or account is None:
        await refuse_staff(socket)
        return
    await ConsoleConnection(live, socket, event, account).run()


@post(f"{API}/actions", guards=[MODERATE], status_code=200, opt={"errors": (Conflict,)})
async def console_action(
    request: Request[Any, Any, Any],
    data: ConsoleAction,
    db: Database,
    event: Event,
    account: Account,
) -> dict[str, Any]:
    """Any console action (the same JSON as on the console socket); answers with the
    audit entry that records it and the action's result."""
    outcome = await service.perform(db, event, account, data)
    return {"audit": outcome.audit, "result": outcome.result}


@get(API, guards=[MODERATE])
async def console_state(db: Database, event: Event) -> ConsoleState:
    """The run of show, settings, announcements and the audit log."""
    return await service.console_state(db, event.id)


@get(f"{API}/stats", guards=[MODERATE])
async def console_stats(request: Request[Any, Any, Any], db: Database, event: Event) -> Stats:
    """Live numbers: connected phones, who took part, submissions per minute."""
    return await live_numbers(live_of(request), db, event)


def console_strings() -> dict[str, Any]:
    """Words the console script shows, in the request's language."""
    return {
        "connecting": gettext("Connecting…"),
        "connected": gettext("Connected"),
        "offline": gettext("Connection lost. Reconnecting…"),
        "no_session": gettext("Not in a session"),
        "session": gettext("Session %(n)s"),
        "now": gettext("Now"),
        "on_projector": gettext("On the projector"),
        "draft": gettext("Draft"),
        "open": gettext("Running"),
        "closed": gettext("Closed"),
        "do_open": gettext("Open"),
        "do_close": gettext("Close"),
        "do_reveal": gettext("Reveal results"),
        "do_hide_results": gettext("Hide results"),
        "do_reset": gettext("Reset"),
        "do_duplicate": gettext("Duplicate"),
        "do_edit": gettext("Edit"),
        "do_delete": gettext("Delete"),
        "confirm_delete": gettext("Delete the draft “%(title)s”?"),
        "move_up": gettext("Move up: %(title)s"),
        "move_down": gettext("Move down: %(title)s"),
        "edit_heading": gettext("Edit “%(title)s”"),
        "new_heading": gettext("New activity: %(kind)s"),
        "title_sv": gettext("Title (Swedish)"),
        "options_legend": gettext("Options"),
        "options_hint": gettext("At least two, at most 50; each up to 200 characters."),
        "multiple": gettext("Participants may choose more than one option"),
        "correct": gettext("Correct answers (a quiz)"),
        "correct_hint": gettext(
            "The numbers of the right options, such as 2 or 1, 3; empty: no correct answer."
        ),
        "scale_legend": gettext("Scale"),
        "scale_from": gettext("From"),
        "scale_to": gettext("To"),
        "min_label": gettext("Label of the lowest value"),
        "max_label": gettext("Label of the highest value"),
        "min_label_en": gettext("Label of the lowest value in English"),
        "max_label_en": gettext("Label of the highest value in English"),
        "words_legend": gettext("Words"),
        "max_entries": gettext("Words per person"),
        "drop_stop_words": gettext("Leave out small words (och, att, the, and…)"),
        "moderation_legend": gettext("Moderation"),
        "qa_premoderation": gettext(
            "Approve questions before they are shown (all of this event's questions)"
        ),
        "when_legend": gettext("When and how"),
        "session_field": gettext("Agenda session"),
        "required": gettext("This field is required."),
        "two_options": gettext("Give at least two options."),
        "option_limits": gettext("Give at most 50 options, each up to 200 characters."),
        "one_english_each": gettext("Give one English text per option, or none."),
        "correct_numbers": gettext("Give the numbers of options above, such as 2 or 1, 3."),
        "max_entries_range": gettext("Give a number from 1 to 10."),
        "scoring_legend": gettext("Scoring (a quiz)"),
        "points_field": gettext("Points for a right answer"),
        "points_hint": gettext(
            "0: not scored. A scored question needs a correct answer; the scored questions"
            " of one agenda session make one quiz with a leaderboard."
        ),
        "points_range": gettext("Give a whole number from 0 to 1000."),
        "speed_bonus": gettext(
            "Extra points for a fast right answer (off by default: not everyone can answer fast)"
        ),
        "answers_legend": gettext("Answers"),
        "answers_per_person": gettext("Answers per person"),
        "premoderation": gettext("Approve answers before they are shown"),
        "choose_to_copy": gettext("Choose at least one activity."),
        "copied": plural_forms("Copied %(n)s activity.", "Copied %(n)s activities."),
        "do_stage": gettext("Show on projector"),
        "do_unstage": gettext("Take off projector"),
        "confirm_reset": gettext(
            "Reset “%(title)s”? Its results start from zero; this round stays in the exports."
        ),
        "round": gettext("round %(n)s"),
        "results_hidden": gettext("results hidden"),
        "results_revealed": gettext("results revealed"),
        "save": gettext("Save"),
        "cancel": gettext("Cancel"),
        "title": gettext("Title"),
        "title_en": gettext("Title in English (empty: the title above)"),
        "options": gettext("Options, one per line"),
        "options_en": gettext("The same options in English, one per line (or none)"),
        "hide_results_until": gettext("Hide results until revealed"),
        "hide": gettext("Hide"),
        "unhide": gettext("Show again"),
        "merge_into": gettext("Merge into…"),
        "search_words": gettext("Search words"),
        "hide_chosen": gettext("Hide the chosen words"),
        "merge_chosen": gettext("Merge the chosen words into"),
        "split_off": gettext("Count “%(form)s” on its own"),
        "splits": gettext("Counted on their own"),
        "merge": gettext("Merge"),
        "unmerge": gettext("Unmerge"),
        "mute": gettext("Mute author"),
        "unmute": gettext("Unmute author"),
        "edit_text": gettext("Edit text"),
        "approve": gettext("Approve"),
        "reject": gettext("Reject"),
        "answer": gettext("Mark answered"),
        "unanswer": pgettext("question", "Not answered"),
        "pin": gettext("Pin on projector"),
        "unpin": gettext("Unpin"),
        "pending": gettext("Waiting for approval"),
        "hidden": gettext("Hidden"),
        "muted": gettext("Muted"),
        "answered": gettext("Answered"),
        "pinned": gettext("Pinned"),
        "blocked": gettext("Blocked"),
        "merged": gettext("Merged into %(target)s"),
        "votes": plural_forms("%(n)s vote", "%(n)s votes"),
        "answers": plural_forms("%(n)s answer", "%(n)s answers"),
        "points": plural_forms("%(n)s point", "%(n)s points"),
        "participants": plural_forms("%(n)s participant", "%(n)s participants"),
        "words": gettext("Words in the cloud"),
        "hidden_words": gettext("Hidden words"),
        "merges": gettext("Merged forms"),
        "recent": gettext("Newest entries"),
        "by_votes": gettext("Most votes"),
        "newest": gettext("Newest"),
        "nothing_yet": gettext("Nothing yet."),
        "select_activity": gettext("Choose an activity to see its results and moderate it."),
        "undo": gettext("Undo"),
        "undone": gettext("undone"),
        "withdraw": gettext("Withdraw"),
        "withdrawn": gettext("withdrawn"),
        "on_screen_too": gettext("also on the projector"),
        "mean": gettext("Mean"),
        "quick_wordcloud": gettext("Word cloud"),
        "quick_qa": gettext("Questions"),
        "quick_ideas": gettext("Idea board"),
        "quick_open_text": gettext("What do you take with you?"),
        "quick_scale": gettext("Rating 1–5"),
        "quick_choice": gettext("Yes or no"),
        "yes": gettext("Yes"),
        "no": gettext("No"),
        "kind_choice": gettext("Poll"),
        "kind_scale": gettext("Rating scale"),
        "kind_ranking": gettext("Ranking"),
        "kind_wordcloud": gettext("Word cloud"),
        "kind_ideas": gettext("Idea board"),
        "kind_qa": gettext("Questions"),
        "kind_open_text": gettext("Open answers"),
        "done": gettext("Done."),
        "merge_prompt": gettext("Count “%(word)s” as which word?"),
        "edit_prompt": gettext("Correct the text:"),
        "evaluation_start": gettext("Start the evaluation on phones"),
        "evaluation_end": gettext("End the evaluation"),
        "evaluation_running": gettext("Phones on the live page are offered the evaluation."),
        "evaluation_idle": gettext("The evaluation is not running."),
        "do_leaderboard": gettext("Show leaderboard"),
        "do_leaderboard_off": gettext("Take leaderboard off"),
        "scores_csv": gettext("Scores (CSV)"),
        "scores_xlsx": gettext("Scores (XLSX)"),
        "confirm_merge_question": gettext(
            "Merge “%(source)s” into “%(target)s”? Their votes are combined and the text"
            " stays under it as a variant. The log can undo it."
        ),
        "also_asked": gettext("Also asked:"),
        "countdown": gettext("Countdown"),
        "timer_30": gettext("30 seconds"),
        "timer_60": gettext("1 minute"),
        "timer_seconds": gettext("Seconds (5–3600)"),
        "timer_start": gettext("Start countdown"),
        "timer_extend": gettext("+30 seconds"),
        "timer_cancel": gettext("Stop countdown"),
        "timer_invalid": gettext("Give a whole number of seconds from 5 to 3600."),
        "time_left": gettext("Time left"),
        "timer_started": plural_forms(
            "Countdown started: %(n)s second left.", "Countdown started: %(n)s seconds left."
        ),
        "timer_changed": plural_forms("%(n)s second left.", "%(n)s seconds left."),
        "timer_started_minutes": plural_forms(
            "Countdown started: %(n)s minute left.", "Countdown started: %(n)s minutes left."
        ),
        "timer_changed_minutes": plural_forms("%(n)s minute left.", "%(n)s minutes left."),
        "time_up": gettext("Time is up. The activity is closed."),
        "always_open": gettext("Always open on phones"),
        **audit_labels(),
    }


def audit_labels() -> dict[str, str]:
    """How the moderation log names each action."""
    labels = {
        "open": gettext("Opened"),
        "close": gettext("Closed"),
        "reveal": gettext("Revealed results"),
        "hide_results": gettext("Hid results"),
        "reset": gettext("Reset"),
        "stage": gettext("On the projector"),
        "leaderboard": gettext("Leaderboard"),
        "leaderboard_on": gettext("Showed the leaderboard"),
        "leaderboard_off": gettext("Took the leaderboard off"),
        "duplicate": gettext("Duplicated"),
        "edit": gettext("Edited"),
        "move": gettext("Moved"),
        "delete": gettext("Deleted draft"),
        "copy": gettext("Copied activities from"),
        "quick": gettext("Created"),
        "hide_word": gettext("Hid word"),
        "unhide_word": gettext("Showed word again"),
        "merge_words": gettext("Merged words"),
        "unmerge_words": gettext("Unmerged words"),
        "split_word": gettext("Split word off"),
        "blocklist": gettext("Blocklist"),
        "premoderation": gettext("Question approval"),
        "premoderation_on": gettext("Turned question approval on"),
        "premoderation_off": gettext("Turned question approval off"),
        "evaluation": gettext("Evaluation"),
        "evaluation_open": gettext("Started the evaluation"),
        "evaluation_closed": gettext("Ended the evaluation"),
        "hide_idea": gettext("Hid idea"),
        "unhide_idea": gettext("Showed idea again"),
        "edit_idea": gettext("Edited idea"),
        "merge_ideas": gettext("Merged ideas"),
        "unmerge_idea": gettext("Unmerged idea"),
        "merge_questions": gettext("Merged questions"),
        "unmerge_question": gettext("Unmerged question"),
        "open_text": gettext("Answer"),
        "open_text_approve": gettext("Approved an answer"),
        "open_text_reject": gettext("Rejected an answer"),
        "open_text_hide": gettext("Hid an answer"),
        "open_text_unhide": gettext("Showed an answer again"),
        "merge_answers": gettext("Merged answers"),
        "unmerge_answer": gettext("Unmerged answer"),
        "question": gettext("Question"),
        "question_approve": gettext("Approved a question"),
        "question_reject": gettext("Rejected a question"),
        "question_answer": gettext("Marked a question answered"),
        "question_unanswer": gettext("Marked a question not answered"),
        "question_pin": gettext("Pinned a question"),
        "question_unpin": gettext("Unpinned a question"),
        "question_hide": gettext("Hid a question"),
        "question_unhide": gettext("Showed a question again"),
        "mute": gettext("Muted an author"),
        "unmute": gettext("Unmuted an author"),
        "announce": gettext("Announced"),
        "withdraw": gettext("Withdrew announcement"),
        "undo": gettext("Undid"),
        "timer": gettext("Started a countdown"),
        "extend_timer": gettext("Extended the countdown"),
        "cancel_timer": gettext("Stopped the countdown"),
        "always_open": gettext("Always open on phones"),
        "always_open_on": gettext("Kept open on phones"),
        "always_open_off": gettext("No longer always open on phones"),
    }
    return {f"a_{name}": label for name, label in labels.items()}


router = Router(
    path="/",
    route_handlers=[
        console_page,
        console_socket,
        console_action,
        console_state,
        console_stats,
        *moderator.route_handlers,
        *manage.route_handlers,
    ],
    dependencies={"account": Provide(provide_account), "event": Provide(provide_event)},
)
