"""An adult family member takes their own policy over from the account holding it for them: by
linking it with their proven roster contact, or through an approved identity check. The account
is told, and its visits on the policy go with it; a minor's policy stays where it is."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import select

from core.people import Document, DocumentType
from core.policies import LinkOutcome
from core.services import Services
from storage.models import Appointment, AuditEvent, Policy, Profile, ScheduledMessage, User
from tests.booking_rig import core_world as world
from tests.booking_rig import msk, slot_at
from tests.people import person
from tests.rosters import POLICY_HEADER, load, policy

__all__ = ["world"]  # fixtures used by name

MARIA = {"email": "maria@example.ru", "phone": "+79990000077"}
PETR = {"email": "petr@example.ru", "phone": "+79990000078"}


async def member_of(services: Services, tmp_path: Path, parent: int) -> None:
    """Anna's children on her account: Maria, 18 on the test clock's 24.11.2026, and Pyotr, 14."""
    roster = policy("М-1", first_name="Мария", birth_date="2008-01-01", **MARIA) + policy(
        "М-2", first_name="Пётр", last_name="Петров", birth_date="2012-06-01", **PETR
    )
    await load(services, tmp_path, "policies", POLICY_HEADER + roster)
    async with services.db.unit_of_work() as session:
        for number in ("М1", "М2"):
            held = await session.scalar(select(Policy).where(Policy.number == number))
            assert held is not None
            held.holder_profile_id, held.member_relation = parent, "child"


async def signed_up_child(
    services: Services,
    n: int,
    first_name: str,
    last_name: str,
    born: date,
    contacts: dict[str, str],
) -> int:
    """The child's own profile, as sign-up leaves it (their roster contacts confirmed)."""
    now = services.clock.now()
    async with services.db.unit_of_work() as session:
        user = User(telegram_id=7100 + n, language="ru", created_at=now, seen_at=now)
        session.add(user)
        await session.flush()
        profile = Profile(
            user_id=user.id, email=contacts["email"], phone=contacts["phone"],
            last_name=last_name, first_name=first_name, middle_name="Сергеевна" if n == 1 else None,
            birth_date=born, sex="f", document_type="rf-passport",
            document_encrypted=services.signup.seal_document(
                Document(DocumentType.RF_PASSPORT, "4510", f"{n:06d}")
            ),
            created_at=now, updated_at=now,
        )  # fmt: skip
        session.add(profile)
        await session.flush()
        return profile.id


async def parent_with_a_visit(services: Services, tmp_path: Path) -> tuple[int, int]:
    """Anna (her own П-1) holding her children's policies, a visit booked on Maria's; her
    profile's and her user's ids."""
    anna = await person(services, 1, "П-1")
    await member_of(services, tmp_path, anna.id)
    slot = await slot_at(services, "C1", msk(25, 10))
    now = services.clock.now()
    async with services.db.unit_of_work() as session:
        maria = await session.scalar(select(Policy.id).where(Policy.number == "М1"))
        visit = Appointment(
            profile_id=anna.id, slot_id=slot, policy_id=maria, status="confirmed",
            starts_at=msk(25, 10), ends_at=msk(25, 10) + timedelta(minutes=30),
            created_at=now, updated_at=now,
        )  # fmt: skip
        session.add(visit)
    return anna.id, anna.user_id


async def told(services: Services, user_id: int) -> list[tuple[str, dict[str, object]]]:
    """The keys and parameters of the messages scheduled for the user."""
    async with services.db.unit_of_work() as session:
        rows = await session.scalars(
            select(ScheduledMessage)
            .where(ScheduledMessage.user_id == user_id)
            .order_by(ScheduledMessage.id)
        )
        return [(row.payload["text"], row.payload["params"]) for row in rows]


async def test_an_adult_member_linking_their_policy_takes_it_over_and_the_parent_is_told(
    services: Services, tmp_path: Path, world: None
) -> None:
    _anna, anna_user = await parent_with_a_visit(services, tmp_path)
    maria = await signed_up_child(services, 1, "Мария", "Петрова", date(2008, 1, 1), MARIA)
    async with services.db.unit_of_work() as session:
        profile = await session.get(Profile, maria)
        assert profile is not None
        result = await services.policies.link(profile, "м-1")
    assert result.outcome is LinkOutcome.LINKED
    async with services.db.unit_of_work() as session:
        taken = await session.scalar(select(Policy).where(Policy.number == "М1"))
        assert taken is not None
        assert (taken.holder_profile_id, taken.member_relation) == (maria, None)
        visit = await session.scalar(select(Appointment))
        assert visit is not None
        assert visit.status == "cancelled"  # the parent's visit went with the policy
        actions = set((await session.scalars(select(AuditEvent.action))).all())
        assert "policy.taken-over" in actions
    keys = [key for key, _params in await told(services, anna_user)]
    assert keys == ["holder-visit-released", "family-policy-taken-over"]
    assert ("family-policy-taken-over", {"number": "М-1", "name": "Мария"}) in await told(
        services, anna_user
    )
    catalogue = services.catalogue
    text = catalogue.text("ru", "family-policy-taken-over", {"number": "М-1", "name": "Мария"})
    assert text.startswith("Полис М-1 (Мария) больше не в вашем кабинете: Мария зарегистрир")
    # The visit her mother had booked for her still names her, not her mother, now that the
    # policy is Maria's own: the clinics' export (and the clinic's mail) say whom it was for.
    async with services.db.unit_of_work():
        [row] = await services.booking.export(None, None)
    assert (row["first_name"], row["birth_date"], row["status"]) == (
        "Мария",
        "2008-01-01",
        "cancelled",
    )
    # She leaves (her account erased, or the desk unlinks it): her policy is nobody's again,
    # and does not go back to her mother's account by itself, not at the mother's next link
    # nor after a roster import.
    async with services.db.unit_of_work() as session:
        taken = await session.scalar(select(Policy).where(Policy.number == "М1"))
        assert taken is not None
        taken.family_of, taken.relation = "П1", "child"  # as the roster ties her
        await services.holders.change(taken, None)
        parent = await session.get(Profile, _anna)
        assert parent is not None
        assert await services.family.attach(parent) == []
        assert await services.family.attach_all() == 0
        assert taken.holder_profile_id is None


async def test_a_minor_member_cannot_take_their_policy_over(
    services: Services, tmp_path: Path, world: None
) -> None:
    anna, anna_user = await parent_with_a_visit(services, tmp_path)
    petr = await signed_up_child(services, 2, "Пётр", "Петров", date(2012, 6, 1), PETR)
    async with services.db.unit_of_work() as session:
        profile = await session.get(Profile, petr)
        assert profile is not None
        result = await services.policies.link(profile, "М-2")
    assert result.outcome is LinkOutcome.HELD
    async with services.db.unit_of_work() as session:
        kept = await session.scalar(select(Policy).where(Policy.number == "М2"))
        assert kept is not None
        assert (kept.holder_profile_id, kept.member_relation) == (anna, "child")
    assert await told(services, anna_user) == []


async def test_an_approved_identity_check_of_an_adult_member_is_a_takeover(
    services: Services, tmp_path: Path, world: None
) -> None:
    """Maria's contacts are not the roster's (her parent's, say): the identity check decides,
    and its approval tells the parent as a takeover, not as a policy moved by a check."""
    _anna, anna_user = await parent_with_a_visit(services, tmp_path)
    other = {"email": "maria.p@example.ru", "phone": "+79990000079"}
    maria = await signed_up_child(services, 1, "Мария", "Петрова", date(2008, 1, 1), other)
    async with services.db.unit_of_work() as session:
        profile = await session.get(Profile, maria)
        assert profile is not None
        assert (await services.policies.link(profile, "М-1")).outcome is LinkOutcome.UNCONFIRMED
        check = await services.identity.submit(profile, "М-1", ["p1", "p2", "p3"])
    async with services.db.unit_of_work():
        await services.identity.decide(check.id, 9901, approve=True)
    async with services.db.unit_of_work() as session:
        taken = await session.scalar(select(Policy).where(Policy.number == "М1"))
        assert taken is not None
        assert (taken.holder_profile_id, taken.member_relation) == (maria, None)
        visit = await session.scalar(select(Appointment))
        assert visit is not None
        assert visit.status == "cancelled"
    keys = [key for key, _params in await told(services, anna_user)]
    assert keys == ["holder-visit-released", "family-policy-taken-over"]


async def test_an_approved_relation_check_links_the_policy_as_a_members(
    services: Services, tmp_path: Path, world: None
) -> None:
    """A check filed from «Семья» (with its relation) on a policy held by nobody: the policy
    comes to the account as the member's, and no one else is told of anything."""
    anna = await person(services, 1, "П-1")
    roster = policy("М-3", first_name="Вера", birth_date="2015-04-04", email="", phone="")
    await load(services, tmp_path, "policies", POLICY_HEADER + roster)
    async with services.db.unit_of_work() as session:
        profile = await session.get(Profile, anna.id)
        assert profile is not None
        check = await services.identity.submit(profile, "М-3", ["p1", "p2", "p3"], relation="child")
        assert check.relation == "child"
    async with services.db.unit_of_work():
        decided = await services.identity.decide(check.id, 9901, approve=True)
        assert decided.status == "approved"
    async with services.db.unit_of_work() as session:
        linked = await session.scalar(select(Policy).where(Policy.number == "М3"))
        assert linked is not None
        assert (linked.holder_profile_id, linked.member_relation) == (anna.id, "child")
    keys = [key for key, _params in await told(services, anna.user_id)]
    assert "family-identity-approved" in keys


async def test_an_approved_check_of_an_own_policy_brings_the_family_tied_to_it(
    services: Services, tmp_path: Path, world: None
) -> None:
    """Linked through the identity check rather than by proven contacts: the roster's family of
    that policy comes with it all the same, as it does with a link."""
    anna = await person(services, 1)
    header = POLICY_HEADER.rstrip("\n") + ",holder_policy_number,relation\n"
    roster = (
        policy("П-50", email="old@example.ru", phone="").rstrip("\n")
        + ",,\n"
        + policy("М-50", first_name="Вера", birth_date="2015-04-04").rstrip("\n")
        + ",П-50,child\n"
    )
    await load(services, tmp_path, "policies", header + roster)
    async with services.db.unit_of_work() as session:
        profile = await session.get(Profile, anna.id)
        assert profile is not None
        check = await services.identity.submit(profile, "П-50", ["p1", "p2", "p3"])
    async with services.db.unit_of_work():
        await services.identity.decide(check.id, 9901, approve=True)
    async with services.db.unit_of_work() as session:
        held = {
            number: (holder, relation)
            for number, holder, relation in await session.execute(
                select(Policy.number, Policy.holder_profile_id, Policy.member_relation).where(
                    Policy.number.in_(["П50", "М50"])
                )
            )
        }
    assert held == {"П50": (anna.id, None), "М50": (anna.id, "child")}
