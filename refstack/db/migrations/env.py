"""Alembic environment: runs migrations on the engine refstack.db.migration hands over."""

from alembic import context

from refstack.db import models

config = context.config


def run_migrations_online():
    connection = config.attributes.get('connection')
    if connection is None:
        raise RuntimeError('Run migrations through refstack-manage (refstack.db.migration).')
    context.configure(connection=connection,
                      target_metadata=models.Base.metadata,
                      version_table=config.get_main_option('version_table') or
                      'alembic_version',
                      render_as_batch=connection.dialect.name == 'sqlite',
                      transaction_per_migration=True)
    with context.begin_transaction():
        context.run_migrations()


run_migrations_online()
