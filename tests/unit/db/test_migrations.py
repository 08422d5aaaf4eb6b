"""The migrations build exactly the schema the models declare, and walk down again."""

from alembic import autogenerate
from alembic import migration as alembic_migration
import sqlalchemy as sa

from refstack.db import api as db_api
from refstack.db import migration
from refstack.db import models
from tests import base
from tests import db as test_db


class TestMigrations(base.TestCase):

    def test_models_match_migrations(self):
        engine = db_api.get_engine()
        with engine.connect() as conn:
            ctx = alembic_migration.MigrationContext.configure(
                conn, opts={'compare_type': True})
            diff = autogenerate.compare_metadata(ctx, models.Base.metadata)
        self.assertEqual([], diff)

    def test_walk_down_and_up(self):
        self.addCleanup(test_db.reseed)
        migration.downgrade('base')
        tables = set(sa.inspect(db_api.get_engine()).get_table_names())
        self.assertLessEqual(tables, {'alembic_version'})
        migration.upgrade('head')
        self.assertTrue({t.name for t in models.Base.metadata.sorted_tables} <=
                        set(sa.inspect(db_api.get_engine()).get_table_names()))
        self.assertIsNotNone(db_api.get_foundation())
