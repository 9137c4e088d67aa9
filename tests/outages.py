"""Take the database away and bring it back, for tests of what users see meanwhile.

The connection settings are pointed at a port nothing listens on (the embedded server's
Unix socket for that port does not exist, and a TCP server gets a closed port), then
restored. Connections of every thread share the settings, so a worker thread sees the same
outage. Needs `transactional_db`: the rows must be committed to outlive a reconnect.
"""

import pytest
from django.db import connection, connections


class DatabaseOutage:
    def __init__(self):
        self.original = connection.settings_dict.copy()

    def stop(self) -> None:
        connection.close()
        connection.settings_dict["PORT"] = "1"

    def restart(self) -> None:
        connection.close()
        connection.settings_dict.clear()
        connection.settings_dict.update(self.original)
        for other in connections.all(initialized_only=True):
            other.close()


@pytest.fixture
def database_outage(transactional_db):
    outage = DatabaseOutage()
    yield outage
    outage.restart()
