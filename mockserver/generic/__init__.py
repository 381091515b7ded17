"""Any OpenAPI 3.0 document served as a stateful mock (`understudy mock --spec FILE`).

State is inferred from the paths (see :mod:`contract.paths`): collections and their
items share a store, nested collections are scoped by their parent, everything else
answers from its examples or schema.
"""

from mockserver.generic.definition import generic_definition
from mockserver.generic.security import AcceptRule, AcceptRuleError

__all__ = ["AcceptRule", "AcceptRuleError", "generic_definition"]
