"""TeamWork Live's deterministic seed: a realistic demo account and a small second one.

The demo account has an administrator (`demo@teamworklive.test`), a member who belongs
to some projects and not others (`member@teamworklive.test`), a few more users, client
companies with their contacts, projects with tasks, and a few hundred time entries, so
lists page and filters find something. Every time entry is dated inside its project's
span (from the day the project started to the day it ended, or the reference day), with
0.25 to 8 hours. The second account (`other@teamworklive.test`) exists for isolation.
Dates are relative to ``ctx.reference_time``, so the same seed gives the same data.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from faker import Faker

from mockserver.apis.teamworklive.state import ADMINISTRATOR, MEMBER, TeamWorkState, timestamp
from mockserver.core.runtime import SeedContext
from mockserver.core.store import Record

DEMO_EMAIL, DEMO_KEY = "demo@teamworklive.test", "twl_demo_key"
MEMBER_EMAIL, MEMBER_KEY = "member@teamworklive.test", "twl_member_key"
OTHER_EMAIL, OTHER_KEY = "other@teamworklive.test", "twl_other_key"
DEMO_ACCOUNT, OTHER_ACCOUNT = 1, 2
TASK_STATUSES = ("open", "open", "in_progress", "completed", "completed")
PRIORITIES = ("low", "normal", "normal", "normal", "high")
MAX_SEEDED_HOURS = 8.0


@dataclass(frozen=True)
class AccountPlan:
    """How much one account holds."""

    account: int
    companies: int
    contacts_per_company: tuple[int, int]
    projects: int
    tasks_per_project: tuple[int, int]
    time_entries: int


@dataclass
class Seeder:
    """Fills one state from one Faker, relative to one reference day."""

    state: TeamWorkState
    fake: Faker
    today: date

    def moment(self, day: date) -> str:
        """A timestamp during the working day ``day``."""
        start = datetime.combine(day, time(8), tzinfo=UTC)
        return timestamp(start + timedelta(seconds=self.fake.random_int(0, 9 * 3600)))

    def day_between(self, first: date, last: date) -> date:
        return first + timedelta(days=self.fake.random_int(0, max(0, (last - first).days)))

    def user(
        self, account: int, role: str, email: str = "", key: str = "", name: str = ""
    ) -> Record:
        first, last = self.fake.first_name(), self.fake.last_name()
        user_id = self.state.next_id("users")
        user: Record = {
            "id": user_id,
            "name": name or f"{first} {last}",
            "email": email or f"{first}.{last}.{user_id}@teamworklive.test".lower(),
            "role": role,
            "created_at": self.moment(self.today - timedelta(days=720 - 3 * user_id)),
            "_account": account,
            "_api_key": key or "twl_" + self.fake.hexify("^" * 32),
            "_key_version": 0,
        }
        self.state.users.put(user_id, user)
        return user

    def account(self, plan: AccountPlan, users: list[Record]) -> None:
        companies = [self.company(plan.account) for _ in range(plan.companies)]
        for company in companies:
            for _ in range(self.fake.random_int(*plan.contacts_per_company)):
                self.contact(company)
        projects = [
            self.project(companies[i % len(companies)], users, i) for i in range(plan.projects)
        ]
        for project in projects:
            for _ in range(self.fake.random_int(*plan.tasks_per_project)):
                self.task(project)
        self.time_entries(projects, plan.time_entries)

    def company(self, account: int) -> Record:
        fake = self.fake
        name = fake.company()
        domain = "".join(c for c in name.lower() if c.isalnum())[:30] + ".example"
        created = self.moment(self.today - timedelta(days=fake.random_int(400, 700)))
        record: Record = {
            "id": self.state.next_id("companies"),
            "name": name,
            "phone": fake.phone_number()[:50],
            "website": f"http://www.{domain}/" if fake.boolean(70) else None,
            "address": fake.address()[:1000] if fake.boolean(80) else "",
            "created_at": created,
            "updated_at": created,
            "_account": account,
        }
        self.state.companies.put(record["id"], record)
        return record

    def contact(self, company: Record) -> Record:
        fake = self.fake
        first, last = fake.first_name(), fake.last_name()
        domain = (company["website"] or "http://www.mail.example/").split("www.")[1].rstrip("/")
        created = self.moment(self.today - timedelta(days=fake.random_int(300, 399)))
        record: Record = {
            "id": self.state.next_id("contacts"),
            "company_id": company["id"],
            "first_name": first,
            "last_name": last,
            "email": f"{first}.{last}@{domain}".lower() if fake.boolean(85) else None,
            "phone": fake.phone_number()[:50] if fake.boolean(70) else "",
            "job_title": fake.job()[:100],
            "created_at": created,
            "updated_at": created,
            "_account": company["_account"],
        }
        self.state.contacts.put(record["id"], record)
        return record

    def project(self, company: Record, users: list[Record], index: int) -> Record:
        """Administrators belong to every project; members to every other one."""
        fake = self.fake
        start = self.today - timedelta(days=fake.random_int(40, 290))
        end = min(self.today, start + timedelta(days=fake.random_int(30, 160)))
        archived = end < self.today - timedelta(days=14) and fake.boolean(60)
        members = [
            u["id"]
            for u in users
            if u["role"] == ADMINISTRATOR or (index + u["id"]) % 2 == 0 or fake.boolean(20)
        ]
        created = self.moment(start)
        record: Record = {
            "id": self.state.next_id("projects"),
            "company_id": company["id"],
            "name": fake.bs().capitalize()[:255],
            "description": fake.paragraph(nb_sentences=2) if fake.boolean(80) else "",
            "status": "archived" if archived else "active",
            "user_ids": members,
            "created_at": created,
            "updated_at": self.moment(end) if archived else created,
            "_account": company["_account"],
            "_start": start,
            "_end": end,
        }
        self.state.projects.put(record["id"], record)
        return record

    def task(self, project: Record) -> Record:
        fake = self.fake
        status = fake.random_element(TASK_STATUSES)
        created_day = self.day_between(project["_start"], project["_end"])
        done_day = self.day_between(created_day, project["_end"])
        created = self.moment(created_day)
        completed = self.moment(done_day) if status == "completed" else None
        record: Record = {
            "id": self.state.next_id("tasks"),
            "project_id": project["id"],
            "title": fake.sentence(nb_words=5).rstrip(".")[:255],
            "description": fake.paragraph(nb_sentences=2) if fake.boolean(60) else "",
            "status": status,
            "priority": fake.random_element(PRIORITIES),
            "assignee_id": fake.random_element(project["user_ids"]) if fake.boolean(75) else None,
            "due_date": self.day_between(created_day, project["_end"]).isoformat()
            if fake.boolean(60)
            else None,
            "completed_at": completed,
            "created_at": created,
            "updated_at": max(created, completed or created),
            "_account": project["_account"],
        }
        self.state.tasks.put(record["id"], record)
        return record

    def time_entries(self, projects: list[Record], count: int) -> None:
        """``count`` entries spread over the projects, created in date order."""
        tasks = {
            p["id"]: [t["id"] for t in self.state.tasks.values() if t["project_id"] == p["id"]]
            for p in projects
        }
        drafts = []
        for _ in range(count):
            project = self.fake.random_element(projects)
            day = self.day_between(project["_start"], project["_end"])
            drafts.append((day, project))
        drafts.sort(key=lambda d: d[0])
        for day, project in drafts:
            self.time_entry(project, day, tasks[project["id"]])

    def time_entry(self, project: Record, day: date, task_ids: list[int]) -> Record:
        fake = self.fake
        logged = self.moment(day)
        record: Record = {
            "id": self.state.next_id("time_entries"),
            "project_id": project["id"],
            "task_id": fake.random_element(task_ids) if task_ids and fake.boolean(70) else None,
            "user_id": fake.random_element(project["user_ids"]),
            "date": day.isoformat(),
            "hours": fake.random_int(1, int(MAX_SEEDED_HOURS * 4)) / 4,
            "billable": fake.boolean(85),
            "notes": fake.sentence(nb_words=8) if fake.boolean(80) else "",
            "created_at": logged,
            "updated_at": logged,
            "_account": project["_account"],
        }
        self.state.time_entries.put(record["id"], record)
        return record


def seed(ctx: SeedContext) -> TeamWorkState:
    """The demo account, then the other one: same seed, same data."""
    state = TeamWorkState(ids=ctx.ids, key_secret=ctx.settings.token_secret.encode())
    seeder = Seeder(state, ctx.faker, ctx.reference_time.date())
    demo = [
        seeder.user(DEMO_ACCOUNT, ADMINISTRATOR, DEMO_EMAIL, DEMO_KEY, "Demo Administrator"),
        seeder.user(DEMO_ACCOUNT, ADMINISTRATOR),
        seeder.user(DEMO_ACCOUNT, MEMBER, MEMBER_EMAIL, MEMBER_KEY, "Demo Member"),
        seeder.user(DEMO_ACCOUNT, MEMBER),
        seeder.user(DEMO_ACCOUNT, MEMBER),
    ]
    other = [
        seeder.user(OTHER_ACCOUNT, ADMINISTRATOR, OTHER_EMAIL, OTHER_KEY, "Other Administrator"),
        seeder.user(OTHER_ACCOUNT, MEMBER),
    ]
    volume = max(ctx.volume, 10)
    seeder.account(AccountPlan(DEMO_ACCOUNT, 6, (2, 5), 10, (3, 7), volume * 8), demo)
    seeder.account(AccountPlan(OTHER_ACCOUNT, 2, (1, 2), 2, (2, 3), 20), other)
    return state
