"""WRGL's state: users, repositories, commits and the stored CSV files.

Records are JSON-shaped; fields starting with `_` never leave the server
(:func:`public_view`). CSV files are stored once per distinct content (by SHA-256)
and shared by every commit that uploaded the same bytes.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import datetime

from mockserver.apis.wrgl.tables import DIGEST_SIZE, Table
from mockserver.core.store import IdFactory, MemoryStore, Record

PAID, FREE = "paid", "free"


def rfc3339(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def avatar_url(username: str) -> str:
    digest = hashlib.md5(username.encode(), usedforsecurity=False).hexdigest()
    return f"https://www.gravatar.com/avatar/{digest}?d=identicon"


def commit_hash(
    repo: str, parent: str, author_id: str, when: str, message: str, content: str
) -> str:
    """128-bit id of a commit: its repository, parent, author, time, message and table."""
    payload = json.dumps(["wrgl-commit-v1", repo, parent, author_id, when, message, content])
    return hashlib.blake2b(payload.encode(), digest_size=DIGEST_SIZE).hexdigest()


@dataclass
class WrglState:
    """Everything the WRGL mock knows; rebuilt from the seed on reset."""

    ids: IdFactory
    users: MemoryStore[str] = field(default_factory=MemoryStore)
    keys: dict[str, str] = field(default_factory=dict)
    """API key -> user id."""
    repos: MemoryStore[str] = field(default_factory=MemoryStore)
    commits: MemoryStore[str] = field(default_factory=MemoryStore)
    files: dict[str, bytes] = field(default_factory=dict)
    """SHA-256 of a CSV file -> its bytes."""
    stored_bytes: int = 0
    """Bytes of every stored CSV file (each distinct file once)."""
    stored_by_user: dict[str, int] = field(default_factory=dict)
    """User id -> bytes of the stored files that user's uploads added."""

    def new_bytes(self, csv_bytes: bytes) -> int:
        """What storing ``csv_bytes`` would add (nothing when the same file is stored)."""
        return 0 if hashlib.sha256(csv_bytes).hexdigest() in self.files else len(csv_bytes)

    def new_user(self, username: str, plan: str, key: str | None = None) -> Record:
        user_id = self.ids.new("usr")
        record: Record = {
            "id": user_id,
            "username": username,
            "plan": plan,
            "avatarUrl": avatar_url(username),
        }
        self.users.put(user_id, record)
        if key is not None:
            self.keys[key] = user_id
        return record

    def commit(
        self,
        repo_name: str,
        author: Record,
        message: str,
        table: Table,
        csv_bytes: bytes,
        when: str,
        *,
        public: bool,
    ) -> Record:
        """Append a commit (creating the repository, ``public`` or not, if new)."""
        repo = self.repos.get(repo_name)
        if repo is None:
            repo = {
                "name": repo_name,
                "isPublic": public,
                "_owner": author["id"],
                "_commits": [],
                "_files": set(),
            }
            self.repos.put(repo_name, repo)
        parent = repo["_commits"][-1] if repo["_commits"] else ""
        file_id = hashlib.sha256(csv_bytes).hexdigest()
        if file_id not in self.files:
            self.files[file_id] = csv_bytes
            self.stored_bytes += len(csv_bytes)
            owner = author["id"]
            self.stored_by_user[owner] = self.stored_by_user.get(owner, 0) + len(csv_bytes)
        record: Record = {
            "hash": commit_hash(repo_name, parent, author["id"], when, message, table.content_hash),
            "message": message,
            "commitTime": when,
            "prevCommitHash": parent,
            "contentHash": table.content_hash,
            "authorId": author["id"],
            "authorUsername": author["username"],
            "authorAvatarUrl": author["avatarUrl"],
            "_repo": repo_name,
            "_table": table,
            "_file": file_id,
        }
        self.commits.put(record["hash"], record)
        repo["_commits"].append(record["hash"])
        repo["_files"].add(file_id)
        repo["hash"] = record["hash"]
        repo["updateTime"] = when
        repo["size"] = sum(len(self.files[f]) for f in repo["_files"])
        return record

    def csv_of(self, commit: Record) -> bytes:
        return self.files[commit["_file"]]
