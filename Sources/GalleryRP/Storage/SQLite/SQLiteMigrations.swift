import Foundation
import GRDB

/// Versioned schema of the SQLite store.
enum SQLiteMigrations {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(
                sql: """
                    CREATE TABLE resources (
                        key TEXT PRIMARY KEY NOT NULL,
                        parent_key TEXT,
                        type TEXT NOT NULL,
                        subscription_key TEXT NOT NULL,
                        unique_key TEXT UNIQUE,
                        version INTEGER NOT NULL,
                        doc BLOB NOT NULL
                    ) WITHOUT ROWID;
                    CREATE INDEX resources_by_parent ON resources (parent_key, type, key);
                    CREATE INDEX resources_by_subscription ON resources (subscription_key, type, key);
                    CREATE TABLE operations (
                        id TEXT PRIMARY KEY NOT NULL,
                        status TEXT NOT NULL,
                        due_time REAL NOT NULL,
                        doc BLOB NOT NULL
                    );
                    CREATE INDEX operations_due ON operations (status, due_time);
                    """
            )
        }
        // v2: a resource's parent is a foreign key, so a child written while its parent is deleted is refused
        // instead of left orphaned, and deleting a parent removes its descendants in the same statement.
        migrator.registerMigration("v2") { db in
            try db.execute(
                sql: """
                    CREATE TABLE resources_v2 (
                        key TEXT PRIMARY KEY NOT NULL,
                        parent_key TEXT REFERENCES resources_v2(key) ON DELETE CASCADE,
                        type TEXT NOT NULL,
                        subscription_key TEXT NOT NULL,
                        unique_key TEXT UNIQUE,
                        version INTEGER NOT NULL,
                        doc BLOB NOT NULL
                    ) WITHOUT ROWID;
                    INSERT INTO resources_v2 SELECT * FROM resources
                        WHERE parent_key IS NULL OR parent_key IN (SELECT key FROM resources);
                    DROP TABLE resources;
                    ALTER TABLE resources_v2 RENAME TO resources;
                    CREATE INDEX resources_by_parent ON resources (parent_key, type, key);
                    CREATE INDEX resources_by_subscription ON resources (subscription_key, type, key);
                    """
            )
        }
        // v3: a rowid table. Rows (a ~1.3 KB JSON document) are too big for a WITHOUT ROWID table's index b-tree, where
        // anything over ~1 KB spills to a whole overflow page: 5.5 KB on disk per image and two page reads per row.
        migrator.registerMigration("v3") { db in
            try db.execute(
                sql: """
                    CREATE TABLE resources_v3 (
                        key TEXT PRIMARY KEY NOT NULL,
                        parent_key TEXT REFERENCES resources_v3(key) ON DELETE CASCADE,
                        type TEXT NOT NULL,
                        subscription_key TEXT NOT NULL,
                        unique_key TEXT UNIQUE,
                        version INTEGER NOT NULL,
                        doc BLOB NOT NULL
                    );
                    INSERT INTO resources_v3 SELECT * FROM resources ORDER BY key;
                    DROP TABLE resources;
                    ALTER TABLE resources_v3 RENAME TO resources;
                    CREATE INDEX resources_by_parent ON resources (parent_key, type, key);
                    CREATE INDEX resources_by_subscription ON resources (subscription_key, type, key);
                    """
            )
        }
        // v4: the row layout of ``SQLiteRow``: properties inline instead of base64 inside a document that also repeated
        // every column; children indexed by their parent's row id and their name instead of two long keys; the
        // subscription index only for the types listed across a subscription; a digest as the unique key. About half
        // the space per image definition. Every record is carried over, parents before children.
        migrator.registerMigration("v4") { db in
            try db.execute(sql: "ALTER TABLE resources RENAME TO resources_v3")
            try db.execute(
                sql: """
                    DROP INDEX resources_by_parent;
                    DROP INDEX resources_by_subscription;
                    CREATE TABLE resources (
                        rid INTEGER PRIMARY KEY,
                        key TEXT NOT NULL UNIQUE,
                        parent INTEGER REFERENCES resources(rid) ON DELETE CASCADE,
                        type TEXT NOT NULL,
                        name TEXT NOT NULL,
                        subscription_key TEXT NOT NULL,
                        listed_in TEXT,
                        unique_key TEXT UNIQUE,
                        version INTEGER NOT NULL,
                        envelope BLOB NOT NULL,
                        properties BLOB NOT NULL
                    );
                    CREATE INDEX resources_by_parent ON resources (parent, type, name);
                    CREATE INDEX resources_listed ON resources (listed_in, type, key) WHERE listed_in IS NOT NULL;
                    """
            )
            let decoder = JSONDecoder()
            let rows = try Row.fetchCursor(db, sql: "SELECT doc FROM resources_v3 ORDER BY key")
            while let row = try rows.next() {
                let record = try decoder.decode(ResourceRecord.self, from: row[0] as Data)
                try SQLiteRow.put(db, record, envelope: try StoredEnvelope.encode(record))
            }
            try db.execute(sql: "DROP TABLE resources_v3")
        }
        return migrator
    }
}
