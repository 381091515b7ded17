"""Client companies and their contacts."""

from __future__ import annotations

from typing import Any

from mockserver.apis.teamworklive.base import TeamWorkHandlerBase, TokenInfo
from mockserver.apis.teamworklive.views import by_id, deleted, item, page_of
from mockserver.core.responses import Response
from mockserver.core.store import Record

COMPANY_FIELDS = ("name", "phone", "website", "address")
CONTACT_FIELDS = ("first_name", "last_name", "email", "phone", "job_title")


class CompanyHandlers(TeamWorkHandlerBase):
    async def list_companies(self, token_info: TokenInfo, page: int, per_page: int) -> Response:
        access = self.access(token_info)
        companies = self.state.of_account(self.state.companies, access.caller.account)
        return page_of("company", by_id(companies), page, per_page)

    async def get_company(self, token_info: TokenInfo, company_id: int) -> Response:
        return item("company", self.access(token_info).company(company_id))

    async def create_company(self, token_info: TokenInfo, body: dict[str, Any]) -> Response:
        access = self.access(token_info)
        access.caller.require_admin("create client companies")
        record: Record = {"id": self.state.next_id("companies")}
        record.update({name: body.get(name) for name in COMPANY_FIELDS})
        record["_account"] = access.caller.account
        self.state.companies.put(record["id"], self.created(record))
        return item("company", record, status=201, headers=self.location("companies", record["id"]))

    async def update_company(
        self, token_info: TokenInfo, company_id: int, body: dict[str, Any]
    ) -> Response:
        company = self.access(token_info).company(company_id)
        return item("company", self.changed(company, body, COMPANY_FIELDS))

    async def delete_company(self, token_info: TokenInfo, company_id: int) -> Response:
        access = self.access(token_info)
        company = access.company(company_id)
        access.caller.require_admin("delete client companies")
        self.state.delete_company(company["id"])
        return deleted()

    # -- contacts --------------------------------------------------------------------

    async def list_company_contacts(
        self, token_info: TokenInfo, company_id: int, page: int, per_page: int
    ) -> Response:
        company = self.access(token_info).company(company_id)
        contacts = (c for c in self.state.contacts.values() if c["company_id"] == company["id"])
        return page_of("contact", by_id(contacts), page, per_page)

    async def create_contact(
        self, token_info: TokenInfo, company_id: int, body: dict[str, Any]
    ) -> Response:
        company = self.access(token_info).company(company_id)
        record: Record = {"id": self.state.next_id("contacts"), "company_id": company["id"]}
        record.update({name: body.get(name) for name in CONTACT_FIELDS})
        record["_account"] = company["_account"]
        self.state.contacts.put(record["id"], self.created(record))
        return item("contact", record, status=201, headers=self.location("contacts", record["id"]))

    async def get_contact(self, token_info: TokenInfo, contact_id: int) -> Response:
        return item("contact", self.access(token_info).contact(contact_id))

    async def update_contact(
        self, token_info: TokenInfo, contact_id: int, body: dict[str, Any]
    ) -> Response:
        contact = self.access(token_info).contact(contact_id)
        return item("contact", self.changed(contact, body, CONTACT_FIELDS))

    async def delete_contact(self, token_info: TokenInfo, contact_id: int) -> Response:
        contact = self.access(token_info).contact(contact_id)
        self.state.contacts.delete(contact["id"])
        return deleted()
