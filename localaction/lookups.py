"""`field__one_of=[…]`: a field (or a foreign key) whose value is one of many.

The same as `__in` on SQLite. On PostgreSQL it becomes `field = ANY(%s)` with
the values as one array parameter: a query naming thousands of inventories
then carries one placeholder instead of thousands, which psycopg would
otherwise scan one by one (the network report names every counted inventory).
"""

from django.db.models import Field
from django.db.models.fields.related import ForeignObject
from django.db.models.fields.related_lookups import RelatedIn
from django.db.models.lookups import In


class _AnyOnPostgreSQL:
    def as_postgresql(self, compiler, connection):
        if not isinstance(self.rhs, (list, tuple, set, frozenset)):
            return self.as_sql(compiler, connection)  # a subquery: plain IN
        lhs, lhs_params = self.process_lhs(compiler, connection)
        values = [value for value in self.rhs if value is not None]
        return f"{lhs} = ANY(%s)", (*lhs_params, values)


@Field.register_lookup
class OneOf(_AnyOnPostgreSQL, In):
    lookup_name = "one_of"


@ForeignObject.register_lookup
class RelatedOneOf(_AnyOnPostgreSQL, RelatedIn):
    lookup_name = "one_of"
