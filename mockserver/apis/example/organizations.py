"""Organizations and their members, with owner/admin/member roles."""

from __future__ import annotations

from typing import Any

from mockserver.apis.example.base import ExampleHandlerBase, Response
from mockserver.core.errors import FieldError, conflict, forbidden, not_found
from mockserver.core.store import Record

MANAGERS = ("owner", "admin")


class OrganizationHandlers(ExampleHandlerBase):
    async def list_organizations(self, user: str, page: int = 1, per_page: int = 20) -> Response:
        items = [
            self._view(org, user)
            for org in self.state.organizations.values()
            if user in self.state.memberships.get(org["id"], {})
        ]
        items.sort(key=lambda o: (o["created_at"], o["id"]))
        return self.page(items, page, per_page), 200

    async def get_organization(self, user: str, id_: str) -> Response:
        return self.one(self._view(self._visible(user, id_), user)), 200

    async def create_organization(self, user: str, body: dict[str, Any]) -> Response:
        self._ensure_free_slug(body["slug"])
        now = self.now()
        org: Record = {
            "id": self.state.ids.new("org"),
            "name": body["name"],
            "slug": body["slug"],
            "created_at": now,
            "updated_at": now,
        }
        self.state.organizations.put(org["id"], org)
        self.state.add_member(org["id"], user, "owner", now)
        return self.one(self._view(org, user)), 201, self.location(f"/organizations/{org['id']}")

    async def update_organization(self, user: str, id_: str, body: dict[str, Any]) -> Response:
        org = self._managed(user, id_)
        if "slug" in body and body["slug"] != org["slug"]:
            self._ensure_free_slug(body["slug"])
        for key in ("name", "slug"):
            if key in body:
                org[key] = body[key]
        org["updated_at"] = self.now()
        return self.one(self._view(org, user)), 200

    async def delete_organization(self, user: str, id_: str) -> Response:
        org = self._visible(user, id_)
        if self._role(user, id_) != "owner":
            raise forbidden("Only an owner can delete the organization")
        self.state.organizations.delete(org["id"])
        self.state.memberships.pop(org["id"], None)
        return None, 204

    async def list_organization_members(
        self, user: str, id_: str, page: int = 1, per_page: int = 20
    ) -> Response:
        self._visible(user, id_)
        members = [self._member_view(m) for m in self.state.memberships[id_].values()]
        return self.page(members, page, per_page), 200

    async def add_organization_member(self, user: str, id_: str, body: dict[str, Any]) -> Response:
        self._managed(user, id_)
        new_id = body["user_id"]
        if self.state.users.get(new_id) is None:
            raise not_found("User", new_id)
        members = self.state.memberships[id_]
        if new_id in members:
            raise conflict("User is already a member", FieldError("user_id", "already a member"))
        member = self.state.add_member(id_, new_id, body.get("role", "member"), self.now())
        return (
            {"data": self._member_view(member)},
            201,
            self.location(f"/organizations/{id_}/members/{new_id}"),
        )

    async def remove_organization_member(self, user: str, id_: str, user_id: str) -> Response:
        self._managed(user, id_)
        members = self.state.memberships[id_]
        member = members.get(user_id)
        if member is None:
            raise not_found("Member", user_id)
        owners = [m for m in members.values() if m["role"] == "owner"]
        if member["role"] == "owner" and len(owners) == 1:
            raise conflict("An organization must keep at least one owner")
        del members[user_id]
        return None, 204

    def _role(self, user: str, org_id: str) -> str | None:
        member = self.state.memberships.get(org_id, {}).get(user)
        return member["role"] if member else None

    def _visible(self, user: str, org_id: str) -> Record:
        org = self.state.organizations.get(org_id)
        if org is None or self._role(user, org_id) is None:
            raise not_found("Organization", org_id)
        return org

    def _managed(self, user: str, org_id: str) -> Record:
        org = self._visible(user, org_id)
        if self._role(user, org_id) not in MANAGERS:
            raise forbidden("Only an owner or admin can change the organization")
        return org

    def _ensure_free_slug(self, slug: str) -> None:
        if self.state.organizations.find(lambda o: o["slug"] == slug) is not None:
            raise conflict("Slug is already taken", FieldError("slug", "is already taken"))

    def _view(self, org: Record, user: str) -> Record:
        members = self.state.memberships.get(org["id"], {})
        return {**org, "role": self._role(user, org["id"]), "member_count": len(members)}

    def _member_view(self, member: Record) -> Record:
        person = self.state.users.get(member["user_id"]) or {}
        return {
            **member,
            "user": {
                "id": member["user_id"],
                "email": person.get("email", ""),
                "username": person.get("username", ""),
            },
        }
