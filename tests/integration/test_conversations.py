"""Real conversations through the chat API, understood by the real trained model."""

from __future__ import annotations

import pytest

from actions.entitlements import at_pension_age
from knowledge.taxonomy import load_taxonomy
from tests.integration.conftest import Conversation

pytestmark = pytest.mark.integration

# One realistic message per need, as residents type them; none is a training example.
REACH_EVERY_NEED = {
    "benefits_advice": "im skint an dont know what benefits i can get",
    "council_tax_support": "cant afford me council tax this year",
    "help_with_rent": "behind on me rent and the landlord wants paying",
    "food_and_essentials": "nowt in the cupboards for the bairns till friday",
    "energy_bills": "£2 left on the meter and its freezing",
    "debt_advice": "got letters off a debt collector and i owe loads on catalogues",
    "child_costs": "can my kids get free school meals",
    "employment_support": "lost me job last week need to find work",
    "adult_learning": "want to do a course to get better at maths",
    "stop_smoking": "want to pack in the tabs for good",
    "drugs_alcohol": "our kid is drinking every day and cant stop",
    "physical_activity": "want to get fitter, any cheap gyms or swimming",
    "mental_wellbeing": "been feeling really low and anxious lately",
    "health_services": "how do i register with a gp",
    "adult_social_care": "me nana needs help getting washed and dressed at home",
    "carers_support": "i look after me mam full time and im exhausted",
    "domestic_abuse": "my partner controls all my money and wont let me see my friends",
    "safeguarding_adult": "worried my elderly neighbour is being taken advantage of",
    "antisocial_behaviour": "gangs of lads on motorbikes on the field every night",
    "crisis_emergency": "i cant cope anymore and i want to end my life",
    "safeguarding_child": "the kids next door are always left on their own with no food",
    "family_support": "struggling with my teenager, need some parenting help",
    "send_support": "my son is autistic and school arent meeting his needs",
    "homelessness": "my landlord has served a section 21 and we have nowhere to go",
    "social_housing": "how do i get on the council housing list",
    "home_repairs": "black mould all over the bedroom and landlord wont fix it",
    "home_adaptations": "me dad needs a stairlift fitted",
    "community_hubs": "where is my nearest community hub",
    "volunteering": "i want to volunteer to help out in the community",
    "other_council_service": "my bin wasnt collected this week",
    "out_of_scope": "who won the football last night",
}


def test_every_need_in_the_taxonomy_has_a_message_here() -> None:
    assert set(REACH_EVERY_NEED) == set(load_taxonomy().need_ids)


@pytest.mark.parametrize(("need", "message"), REACH_EVERY_NEED.items())
def test_every_need_is_reached_by_a_realistic_message(conversation, need, message) -> None:
    reply = conversation.say(message)
    assert reply["need"] == need
    assert reply["priority"] == load_taxonomy().need(need).priority
    assert reply["replies"] and reply["replies"][0]["text"]
    assert reply["crisis"] is (need == "crisis_emergency")
    assert reply["degraded"] is False


@pytest.mark.parametrize(
    "message",
    [
        "i want to kill myself",
        "he has got a knife and is kicking the door in",
        "me mam has taken all her tablets",
        "the baby isnt breathing",
    ],
)
def test_crisis_gets_the_emergency_reply_first(conversation, message) -> None:
    reply = conversation.say(message)
    assert reply["crisis"] is True
    assert reply["need"] == "crisis_emergency"
    assert "999" in reply["replies"][0]["text"]


@pytest.mark.parametrize("message", ["this form is killing me", "dying for a brew"])
def test_figures_of_speech_are_not_crises(conversation, message) -> None:
    assert conversation.say(message)["crisis"] is False


def test_crisis_comes_first_in_the_middle_of_a_conversation(conversation) -> None:
    conversation.say("hiya")
    conversation.say("behind on me rent")
    reply = conversation.say("honestly i just want to die")
    assert reply["crisis"] is True
    assert "999" in reply["replies"][0]["text"]


def test_greeting_has_no_need_and_offers_the_menu(conversation) -> None:
    reply = conversation.say("hiya")
    assert reply["need"] is None and reply["priority"] is None
    assert reply["replies"][0]["buttons"][0]["payload"] == "/show_topics"


def test_topic_menu_leads_to_a_need(conversation) -> None:
    menu = conversation.say("/show_topics")
    housing = next(b for b in menu["replies"][0]["buttons"] if b["title"] == "Housing")
    needs = conversation.say(housing["payload"])
    repairs = next(b for b in needs["replies"][0]["buttons"] if b["title"] == "Repairs and damp")
    assert conversation.say(repairs["payload"])["need"] == "home_repairs"


def test_two_stage_fallback_then_the_council(conversation) -> None:
    # Keyboard mash: whatever need the model guesses for it, a message with no known
    # word (knowledge/vocabulary.py) is not understood.
    first = conversation.say("qwv zxkj plort")
    assert first["need"] is None
    assert first["replies"][0]["buttons"], "the first fallback offers topics as buttons"
    # Keyboard mash: unknown words that could pass for a medicine's name (a number of
    # tablets of one is an emergency) are read for danger first, as they should be.
    second = conversation.say("vrop ksh mmt")
    assert load_taxonomy().council.phone in second["replies"][0]["text"]


def test_conversation_basics(conversation) -> None:
    assert "computer" in conversation.say("am i talking to a robot")["replies"][0]["text"]
    handoff = conversation.say("can i speak to a real person")
    assert load_taxonomy().council.phone in handoff["replies"][0]["text"]
    assert conversation.say("start again")["replies"][0]["buttons"]
    assert "welcome" in conversation.say("ta very much")["replies"][0]["text"]


def test_session_continues_and_unknown_ids_start_afresh(api) -> None:
    talk = Conversation(api)
    talk.say("hiya")
    first = talk.session_id
    talk.say("need help with me leccy")
    assert talk.session_id == first
    stranger = api.post("/api/chat", json={"message": "hi", "session_id": "not-issued"}).json()
    assert stranger["session_id"] not in {"not-issued", first}


def test_bad_input_is_a_clear_422(api) -> None:
    response = api.post("/api/chat", json={"message": " " * 5})
    assert response.status_code == 422
    assert "1 to 1,000 characters" in response.json()["detail"]


def test_ready_when_all_three_answer(api) -> None:
    response = api.get("/readyz")
    assert response.status_code == 200
    assert response.json()["status"] == "ready"


@pytest.mark.parametrize("yes", ["yes please", "yeah go on then", "aye"])
def test_a_typed_yes_to_the_offered_check_starts_it(conversation, yes: str) -> None:
    """Issue 13: "yes please" after the money answer used to get "What else?"."""
    offer = conversation.say("im skint and cant pay me gas bill")
    assert offer["need"] == "energy_bills"
    assert "/entitlements_check" in [b["payload"] for r in offer["replies"] for b in r["buttons"]]
    started = conversation.say(yes)
    texts = " ".join(r["text"] for r in started["replies"])
    assert "I will ask up to 9 short questions" in texts
    assert "How old are you?" in texts


def test_asking_for_a_benefits_check_starts_it_as_benefits_advice(conversation) -> None:
    started = conversation.say("benefits check please")
    assert "I will ask up to 9 short questions" in " ".join(r["text"] for r in started["replies"])
    assert started["need"] == "benefits_advice"


def test_a_typed_no_to_the_offered_check_leaves_the_door_open(conversation) -> None:
    conversation.say("im skint and cant pay me gas bill")
    declined = conversation.say("nah ta")
    assert declined["replies"][0]["text"].startswith("OK. If you need anything else")


def test_yes_elsewhere_still_asks_what_else(conversation) -> None:
    conversation.say("the landlord wont fix the damp in the bedroom")
    reply = conversation.say("yes")
    assert "I will ask up to 9 short questions" not in " ".join(r["text"] for r in reply["replies"])


def start_the_check(conversation) -> dict:
    conversation.say("im skint and cant pay me gas bill")
    first_question = conversation.say("/entitlements_check")
    assert "How old are you?" in " ".join(r["text"] for r in first_question["replies"])
    return first_question


def test_asking_for_a_person_inside_the_check_gives_the_contact_route(conversation) -> None:
    start_the_check(conversation)
    reply = conversation.say("can i just talk to a person")
    texts = " ".join(r["text"] for r in reply["replies"])
    assert load_taxonomy().council.phone in texts
    assert "How old are you?" not in texts and "did not understand" not in texts
    # The check has ended: the next message is read as itself, not as an age.
    assert conversation.say("i need a food bank")["need"] == "food_and_essentials"


def test_start_again_inside_the_check_starts_afresh(conversation) -> None:
    start_the_check(conversation)
    reply = conversation.say("start again")
    assert reply["replies"][0]["text"].startswith("OK, let's start again")
    assert reply["replies"][0]["buttons"]


def test_a_new_need_inside_the_check_is_answered_and_the_check_can_carry_on(conversation) -> None:
    start_the_check(conversation)
    conversation.say("40")  # an answer, so there is something to carry on with
    reply = conversation.say("actually i just need a food bank today")
    texts = [r["text"] for r in reply["replies"]]
    assert texts[0] == "OK, I have paused the check. You can carry on with it later."
    assert reply["need"] == "food_and_essentials"
    carry_on = conversation.say("/entitlements_check")
    assert "carry on with the check" in carry_on["replies"][0]["text"]
    assert "Do you live with a partner?" in " ".join(r["text"] for r in carry_on["replies"])


@pytest.mark.parametrize("area", ["TS24", "owton manor"])
def test_an_area_after_an_answer_gives_local_help(conversation, area: str) -> None:
    """Issue 13: "TS24" after a housing answer used to get "did not understand"."""
    assert conversation.say("the landlord wont fix the damp in the bedroom")["need"] == (
        "home_repairs"
    )
    reply = conversation.say(area)
    assert reply["need"] == "home_repairs"
    assert reply["replies"][0]["text"].startswith("Your nearest community hub is")
    assert reply["services"]


@pytest.mark.parametrize(
    "correction", ["I mean I can't afford to pay it", "no, I meant I cant afford to pay it"]
)
def test_a_correction_is_read_with_the_message_before_it(conversation, correction: str) -> None:
    """Issue 13: "council tax" then "I mean I can't afford to pay it" lost the context."""
    conversation.say("council tax")
    reply = conversation.say(correction)
    assert reply["need"] == "council_tax_support"
    assert reply["replies"][0]["text"] == load_taxonomy().need("council_tax_support").reply


def test_a_correction_can_change_the_subject(conversation) -> None:
    conversation.say("council tax")
    assert conversation.say("no, I meant my bin wasnt emptied")["need"] == "other_council_service"


@pytest.mark.parametrize("stop", ["stop", "cancel"])
def test_stop_ends_the_check_and_a_typed_carry_on_resumes_it(conversation, stop: str) -> None:
    start_the_check(conversation)
    conversation.say("40")
    stopped = conversation.say(stop)
    assert stopped["replies"][0]["text"].startswith("OK, I have stopped the check.")
    resumed = conversation.say("carry on with the check")
    texts = " ".join(r["text"] for r in resumed["replies"])
    assert "carry on with the check" in texts
    assert "Do you live with a partner?" in texts


def test_asking_for_a_person_ends_the_hub_finder(conversation) -> None:
    asked = conversation.say("where is my nearest community hub")
    assert "Which part of Hartlepool" in " ".join(r["text"] for r in asked["replies"])
    reply = conversation.say("can i speak to a real person")
    assert load_taxonomy().council.phone in " ".join(r["text"] for r in reply["replies"])
    assert conversation.say("i need a food bank")["need"] == "food_and_essentials"


def test_a_pensioner_on_a_full_state_pension_is_not_told_about_pension_credit(
    conversation,
) -> None:
    """Issue 13: the income question asked only about pay, so "none" meant no income."""
    conversation.say("check what I can claim")
    for answer in ("71", "no", "no", "I own my home"):
        asked = conversation.say(answer)
    question = " ".join(r["text"] for r in asked["replies"])
    assert "Count your State Pension" in question
    for answer in ("about £1,050 a month", "under £6,000"):
        conversation.say(answer)
    result = " ".join(r["text"] for r in conversation.say("no")["replies"])
    assert "benefits adviser can check everything" in result
    assert "Pension Credit" not in result


def _texts(reply: dict) -> str:
    return " ".join(r["text"] for r in reply["replies"])


@pytest.mark.parametrize(
    ("born", "income_question"),
    [("before April 1960", "Count your State Pension"), ("March 1961", "from work")],
)
def test_a_66_year_old_is_asked_when_they_were_born(conversation, born, income_question) -> None:
    """Issue 14: State Pension age is 66 and some months for people born from April 1960."""
    if at_pension_age("66") is not None:
        pytest.skip("no 66-year-old is near State Pension age today: update the ruleset")
    conversation.say("check what I can claim")
    asked = conversation.say("66")
    assert "Which month and year were you born?" in _texts(asked)
    for answer in (born, "no", "no", "I own my home"):
        asked = conversation.say(answer)
    assert income_question in _texts(asked)
