import Foundation

/// The outbox's SQLite schema, as numbered migrations applied in order on open.
///
/// Counts by state and by customs status are kept in `counters` in the same transaction as the
/// change — by triggers for updates and deletes, by the submission for the rows it inserts
/// (migration 18) — so `swgate status` reads a handful of rows however large the outbox grows.
enum OutboxSchema {
    static let migrations: [String] = [
        // 1: documents, messages, payloads, attempts, receipts, audit, counters.
        """
        CREATE TABLE batches (
            id INTEGER PRIMARY KEY,
            file TEXT NOT NULL,
            submitted_at INTEGER NOT NULL,
            documents INTEGER NOT NULL,
            messages INTEGER NOT NULL
        );
        CREATE TABLE payloads (
            sha256 TEXT PRIMARY KEY,
            body BLOB NOT NULL
        ) WITHOUT ROWID;
        CREATE TABLE messages (
            id INTEGER PRIMARY KEY,
            guid TEXT NOT NULL UNIQUE,
            type TEXT NOT NULL,
            schema_version TEXT NOT NULL,
            payload_sha256 TEXT NOT NULL REFERENCES payloads(sha256),
            state TEXT NOT NULL,
            attempts INTEGER NOT NULL DEFAULT 0,
            next_attempt_at INTEGER,
            lease_until INTEGER,
            lease_owner TEXT,
            last_error TEXT,
            batch_id INTEGER REFERENCES batches(id),
            created_at INTEGER NOT NULL,
            updated_at INTEGER NOT NULL
        );
        CREATE INDEX messages_by_state ON messages(state, next_attempt_at);
        CREATE INDEX messages_by_age ON messages(state, created_at);
        CREATE TABLE documents (
            id INTEGER PRIMARY KEY,
            type TEXT NOT NULL,
            business_key TEXT NOT NULL,
            order_no TEXT NOT NULL,
            guid TEXT NOT NULL,
            content_sha256 TEXT NOT NULL,
            app_type TEXT NOT NULL DEFAULT '1',
            round INTEGER NOT NULL DEFAULT 1,
            message_id INTEGER NOT NULL REFERENCES messages(id),
            customs_status TEXT,
            customs_rank INTEGER NOT NULL DEFAULT 0,
            customs_info TEXT,
            pre_no TEXT,
            invt_no TEXT,
            record TEXT,
            created_at INTEGER NOT NULL,
            updated_at INTEGER NOT NULL,
            UNIQUE (type, business_key)
        );
        CREATE INDEX documents_by_order ON documents(order_no);
        CREATE INDEX documents_by_message ON documents(message_id);
        CREATE INDEX documents_by_guid ON documents(guid);
        CREATE TABLE attempts (
            id INTEGER PRIMARY KEY,
            message_id INTEGER NOT NULL REFERENCES messages(id),
            started_at INTEGER NOT NULL,
            finished_at INTEGER,
            endpoint TEXT,
            transmission_id TEXT,
            http_status INTEGER,
            outcome TEXT NOT NULL,
            error TEXT,
            sent_sha256 TEXT,
            worker TEXT
        );
        CREATE INDEX attempts_by_message ON attempts(message_id);
        CREATE TABLE receipts (
            id INTEGER PRIMARY KEY,
            content_sha256 TEXT NOT NULL UNIQUE,
            received_at INTEGER NOT NULL,
            source TEXT NOT NULL,
            message_type TEXT NOT NULL,
            raw_sha256 TEXT NOT NULL,
            document_id INTEGER REFERENCES documents(id),
            return_status TEXT,
            return_info TEXT,
            fields TEXT NOT NULL,
            applied INTEGER NOT NULL DEFAULT 0
        );
        CREATE INDEX receipts_by_document ON receipts(document_id);
        CREATE INDEX receipts_unmatched ON receipts(document_id) WHERE document_id IS NULL;
        CREATE TABLE audit (
            id INTEGER PRIMARY KEY,
            at INTEGER NOT NULL,
            entity TEXT NOT NULL,
            entity_id INTEGER NOT NULL,
            from_state TEXT,
            to_state TEXT NOT NULL,
            reason TEXT
        );
        CREATE INDEX audit_by_entity ON audit(entity, entity_id);
        CREATE TABLE counters (
            kind TEXT NOT NULL,
            key TEXT NOT NULL,
            n INTEGER NOT NULL,
            PRIMARY KEY (kind, key)
        ) WITHOUT ROWID;
        CREATE TRIGGER messages_counted_insert AFTER INSERT ON messages BEGIN
            INSERT INTO counters(kind, key, n) VALUES ('state', NEW.state, 1) ON CONFLICT(kind, key) DO UPDATE SET n = n + 1;
            INSERT INTO counters(kind, key, n) VALUES ('type', NEW.type, 1) ON CONFLICT(kind, key) DO UPDATE SET n = n + 1;
        END;
        CREATE TRIGGER messages_counted_update AFTER UPDATE OF state ON messages WHEN OLD.state <> NEW.state BEGIN
            UPDATE counters SET n = n - 1 WHERE kind = 'state' AND key = OLD.state;
            INSERT INTO counters(kind, key, n) VALUES ('state', NEW.state, 1) ON CONFLICT(kind, key) DO UPDATE SET n = n + 1;
        END;
        CREATE TRIGGER messages_counted_delete AFTER DELETE ON messages BEGIN
            UPDATE counters SET n = n - 1 WHERE kind = 'state' AND key = OLD.state;
            UPDATE counters SET n = n - 1 WHERE kind = 'type' AND key = OLD.type;
        END;
        CREATE TRIGGER documents_counted_insert AFTER INSERT ON documents BEGIN
            INSERT INTO counters(kind, key, n) VALUES ('customs', COALESCE(NEW.customs_status, 'none'), 1) ON CONFLICT(kind, key) DO UPDATE SET n = n + 1;
        END;
        CREATE TRIGGER documents_counted_update AFTER UPDATE OF customs_status ON documents
            WHEN COALESCE(OLD.customs_status, 'none') <> COALESCE(NEW.customs_status, 'none') BEGIN
            UPDATE counters SET n = n - 1 WHERE kind = 'customs' AND key = COALESCE(OLD.customs_status, 'none');
            INSERT INTO counters(kind, key, n) VALUES ('customs', COALESCE(NEW.customs_status, 'none'), 1) ON CONFLICT(kind, key) DO UPDATE SET n = n + 1;
        END;
        CREATE TRIGGER documents_counted_delete AFTER DELETE ON documents BEGIN
            UPDATE counters SET n = n - 1 WHERE kind = 'customs' AND key = COALESCE(OLD.customs_status, 'none');
        END;
        """,
        // 2: lookup keys for receipt correlation, the appTime last sent.
        """
        CREATE TABLE document_keys (
            key TEXT NOT NULL,
            document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            PRIMARY KEY (key, document_id)
        ) WITHOUT ROWID;
        CREATE INDEX document_keys_by_document ON document_keys(document_id);
        ALTER TABLE messages ADD COLUMN last_app_time TEXT;
        ALTER TABLE receipts ADD COLUMN lookup_keys TEXT;
        CREATE INDEX documents_gate ON documents(order_no, type, customs_rank);
        """,
        // 3: raw receipts, archived once by content in the same transaction as their application.
        """
        CREATE TABLE raw_receipts (
            sha256 TEXT PRIMARY KEY,
            received_at INTEGER NOT NULL,
            body BLOB NOT NULL
        ) WITHOUT ROWID;
        """,
        // 4: final statuses to tell the platform about, written with the status itself.
        """
        CREATE TABLE notifications (
            id INTEGER PRIMARY KEY,
            document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            created_at INTEGER NOT NULL,
            body TEXT NOT NULL,
            attempts INTEGER NOT NULL DEFAULT 0,
            next_at INTEGER NOT NULL,
            last_error TEXT,
            delivered_at INTEGER
        );
        CREATE INDEX notifications_due ON notifications(next_at) WHERE delivered_at IS NULL;
        CREATE INDEX notifications_by_document ON notifications(document_id);
        """,
        // 5: documents_gate (order_no, type, customs_rank) serves every lookup by order number,
        // so the narrower index is dead weight on each insert.
        """
        DROP INDEX documents_by_order;
        """,
        // 6: documents still waiting for customs, by the time of their last news, so that the
        // overdue count in `swgate status` reads the few waiting documents, not the whole outbox.
        """
        CREATE INDEX documents_waiting ON documents(updated_at) WHERE \(waitingDocuments);
        """,
        // 7: what each buyer spent per year, so a batch's annual-limit check sees earlier batches.
        """
        CREATE TABLE purchases (
            document_id INTEGER PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
            buyer TEXT NOT NULL,
            year INTEGER NOT NULL,
            fen INTEGER NOT NULL
        );
        CREATE INDEX purchases_by_buyer ON purchases(buyer, year);
        """,
        // 8: a receipt transaction counts its status changes itself, once per transaction, while a
        // row of `counting_paused` (inserted and deleted inside that transaction, so never seen by
        // anyone else) holds the per-row triggers back, which would rewrite two counter rows for
        // every document and every message a receipt moves.
        """
        CREATE TABLE counting_paused (one INTEGER PRIMARY KEY CHECK (one = 1));
        DROP TRIGGER messages_counted_update;
        CREATE TRIGGER messages_counted_update AFTER UPDATE OF state ON messages
            WHEN OLD.state <> NEW.state AND NOT EXISTS (SELECT 1 FROM counting_paused) BEGIN
            UPDATE counters SET n = n - 1 WHERE kind = 'state' AND key = OLD.state;
            INSERT INTO counters(kind, key, n) VALUES ('state', NEW.state, 1) ON CONFLICT(kind, key) DO UPDATE SET n = n + 1;
        END;
        DROP TRIGGER documents_counted_update;
        CREATE TRIGGER documents_counted_update AFTER UPDATE OF customs_status ON documents
            WHEN COALESCE(OLD.customs_status, 'none') <> COALESCE(NEW.customs_status, 'none') AND NOT EXISTS (SELECT 1 FROM counting_paused) BEGIN
            UPDATE counters SET n = n - 1 WHERE kind = 'customs' AND key = COALESCE(OLD.customs_status, 'none');
            INSERT INTO counters(kind, key, n) VALUES ('customs', COALESCE(NEW.customs_status, 'none'), 1) ON CONFLICT(kind, key) DO UPDATE SET n = n + 1;
        END;
        """,
        // 9: raw receipts in a rowid table, the hash in a unique index. Keyed by the hash itself
        // (WITHOUT ROWID), each body would go to a random place in the table, so a group of
        // receipts would rewrite as many table pages at commit; appended in arrival order, the
        // bodies fill pages one after another and only the small index entries land at random.
        """
        CREATE TABLE raw_receipts_appended (
            id INTEGER PRIMARY KEY,
            sha256 TEXT NOT NULL UNIQUE,
            received_at INTEGER NOT NULL,
            body BLOB NOT NULL
        );
        INSERT INTO raw_receipts_appended (sha256, received_at, body) SELECT sha256, received_at, body FROM raw_receipts ORDER BY received_at, sha256;
        DROP TABLE raw_receipts;
        ALTER TABLE raw_receipts_appended RENAME TO raw_receipts;
        """,
        // 10: message payloads the same way. Keyed by their hash, each body would go to a random
        // place in a table larger than the page cache, so enqueuing a large batch would read pages
        // back and rewrite them one insert at a time. Messages and attempts keep naming payloads
        // by hash (the unique index).
        // Rebuilt with foreign keys off (see `migrateSQLite`), as SQLite prescribes for a table
        // other tables refer to.
        """
        CREATE TABLE payloads_appended (
            id INTEGER PRIMARY KEY,
            sha256 TEXT NOT NULL UNIQUE,
            body BLOB NOT NULL
        );
        INSERT INTO payloads_appended (sha256, body) SELECT sha256, body FROM payloads;
        DROP TABLE payloads;
        ALTER TABLE payloads_appended RENAME TO payloads;
        """,
        // 11: the tax ledger — each inventory's latest CEB816 bill and furthest CEB818 status — and
        // the tax each order withheld, to reconcile the two.
        """
        CREATE TABLE tax_bills (
            invt_no TEXT PRIMARY KEY,
            tax_no TEXT NOT NULL,
            month TEXT NOT NULL,
            bill_time TEXT,
            customs_tax TEXT,
            value_added_tax TEXT,
            consumption_tax TEXT,
            lines TEXT NOT NULL,
            status INTEGER NOT NULL,
            status_time TEXT NOT NULL,
            ent_duty_no TEXT,
            assure_code TEXT,
            updated_at INTEGER NOT NULL
        );
        CREATE INDEX tax_bills_by_month ON tax_bills(month, invt_no);
        CREATE TABLE withholdings (
            document_id INTEGER PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
            order_no TEXT NOT NULL,
            amount TEXT NOT NULL
        );
        CREATE INDEX withholdings_by_order ON withholdings(order_no);
        CREATE INDEX documents_by_invt_no ON documents(invt_no) WHERE invt_no IS NOT NULL;
        """,
        // 12: announcement 179 — what orders and payments keep for customs' real-time fetch, and
        // customs' requests, each an upload job claimed with a lease.
        """
        CREATE TABLE platform_facts (
            document_id INTEGER PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
            payment_key TEXT NOT NULL,
            facts TEXT NOT NULL
        );
        CREATE INDEX platform_facts_by_payment ON platform_facts(payment_key);
        CREATE TABLE platform_requests (
            id INTEGER PRIMARY KEY,
            session_id TEXT NOT NULL UNIQUE,
            order_no TEXT NOT NULL,
            asked_at INTEGER NOT NULL,
            received_at INTEGER NOT NULL,
            source TEXT NOT NULL,
            state TEXT NOT NULL,
            attempts INTEGER NOT NULL DEFAULT 0,
            next_attempt_at INTEGER NOT NULL,
            lease_owner TEXT,
            lease_until INTEGER,
            guid TEXT,
            upload TEXT,
            last_code TEXT,
            last_error TEXT,
            done_at INTEGER,
            updated_at INTEGER NOT NULL
        );
        CREATE INDEX platform_requests_due ON platform_requests(state, next_attempt_at);
        CREATE INDEX platform_requests_by_order ON platform_requests(order_no);
        """,
        // 13: where each time-cursor receipt poll has read up to.
        """
        CREATE TABLE poll_cursors (
            name TEXT PRIMARY KEY,
            cursor TEXT NOT NULL,
            updated_at INTEGER NOT NULL
        );
        """,
        // 14: queued inventories parked while their order, payment or waybill keeps them back
        // (see `SQLOutbox+Parking.swift`): `parked` is 0, or 1 + the gate's rank the inventory
        // waits for. The claim walks the unparked queue only; a document of its order reaching
        // that rank with the other two wakes it, as does any change of its order number, a
        // document of its order deleted, or its message changing state.
        """
        ALTER TABLE messages ADD COLUMN parked INTEGER NOT NULL DEFAULT 0;
        CREATE INDEX messages_unparked ON messages(state, created_at, id) WHERE parked = 0;
        CREATE TRIGGER documents_wake_on_update AFTER UPDATE OF customs_status, customs_rank, order_no ON documents
            WHEN NEW.type IN ('CEB311Message', 'CEB411Message', 'CEB511Message') BEGIN
            UPDATE messages SET parked = 0 WHERE parked > 0
                AND id IN (SELECT message_id FROM documents WHERE order_no IN (OLD.order_no, NEW.order_no) AND type = 'CEB621Message')
                AND (OLD.order_no <> NEW.order_no OR NOT EXISTS (
                    SELECT 1 FROM documents o WHERE o.order_no = NEW.order_no AND o.type IN ('CEB311Message', 'CEB411Message', 'CEB511Message')
                    AND (o.customs_rank < messages.parked - 1 OR o.customs_status LIKE '-%' OR o.customs_status IN ('100', '4'))));
        END;
        CREATE TRIGGER documents_wake_on_delete AFTER DELETE ON documents
            WHEN OLD.type IN ('CEB311Message', 'CEB411Message', 'CEB511Message') BEGIN
            UPDATE messages SET parked = 0 WHERE parked > 0
                AND id IN (SELECT message_id FROM documents WHERE order_no = OLD.order_no AND type = 'CEB621Message');
        END;
        CREATE TRIGGER documents_wake_own_message AFTER UPDATE OF order_no, message_id ON documents
            WHEN NEW.type = 'CEB621Message' BEGIN
            UPDATE messages SET parked = 0 WHERE parked > 0 AND id IN (OLD.message_id, NEW.message_id);
        END;
        CREATE TRIGGER messages_wake_on_move AFTER UPDATE OF state ON messages WHEN NEW.parked > 0 AND OLD.state <> NEW.state BEGIN
            UPDATE messages SET parked = 0 WHERE id = NEW.id;
        END;
        """,
        // 15: acceptances wake their inventories from the receipt transaction, once per order it
        // changed (`SQLOutbox.wakeInventories`), not from a trigger run for every document a
        // receipt moves; the trigger now wakes only when an order number changes. `messages_parked`
        // lets a receipt transaction see at once that nothing is parked; `messages_by_age` served
        // only the claim, which walks `messages_unparked` now.
        """
        DROP TRIGGER documents_wake_on_update;
        CREATE TRIGGER documents_wake_on_move AFTER UPDATE OF order_no ON documents
            WHEN NEW.type IN ('CEB311Message', 'CEB411Message', 'CEB511Message') AND OLD.order_no <> NEW.order_no BEGIN
            UPDATE messages SET parked = 0 WHERE parked > 0
                AND id IN (SELECT message_id FROM documents WHERE order_no IN (OLD.order_no, NEW.order_no) AND type = 'CEB621Message');
        END;
        CREATE INDEX messages_parked ON messages(id) WHERE parked > 0;
        DROP INDEX messages_by_age;
        """,
        // 16: answers are kept at most once by their return time and content hash, not by the
        // hash alone. Hashes are random, so every receipt commit rewrote pages all over the
        // hash's index (about one a receipt, half of all the pages a busy run wrote to the log);
        // the time leads the key, so new answers land at its end. The time is part of the hashed
        // content, so the pair is exactly as unique as the hash. Rows stored before keep no time
        // (''), and while any row has none, answers are looked for there too. The table is
        // rebuilt: SQLite cannot drop a column's UNIQUE.
        """
        CREATE TABLE receipts_keyed (
            id INTEGER PRIMARY KEY,
            content_sha256 TEXT NOT NULL,
            received_at INTEGER NOT NULL,
            source TEXT NOT NULL,
            message_type TEXT NOT NULL,
            raw_sha256 TEXT NOT NULL,
            document_id INTEGER REFERENCES documents(id),
            return_status TEXT,
            return_info TEXT,
            fields TEXT NOT NULL,
            applied INTEGER NOT NULL DEFAULT 0,
            lookup_keys TEXT,
            return_time TEXT NOT NULL DEFAULT ''
        );
        INSERT INTO receipts_keyed (
            id, content_sha256, received_at, source, message_type, raw_sha256, document_id, return_status, return_info, fields, applied,
            lookup_keys)
        SELECT id, content_sha256, received_at, source, message_type, raw_sha256, document_id, return_status, return_info, fields, applied,
            lookup_keys FROM receipts;
        DROP TABLE receipts;
        ALTER TABLE receipts_keyed RENAME TO receipts;
        CREATE UNIQUE INDEX receipts_by_time_and_content ON receipts(return_time, content_sha256);
        CREATE INDEX receipts_by_document ON receipts(document_id);
        CREATE INDEX receipts_unmatched ON receipts(document_id) WHERE document_id IS NULL;
        """,
        // 17: the bytes an attempt sent, under the attempt's id. Each send stamps a new `appTime`,
        // so every attempt's bytes differ from any other's: kept among the payloads, each went
        // into the payloads' hash index at a random place, and every commit of a round's outcomes
        // rewrote about one index page a send (a quarter of the pages a busy run wrote to the
        // log). Keyed by the attempt, they are appended in the order they were sent. Attempts
        // recorded before keep their bytes among the payloads, by `sent_sha256`.
        """
        CREATE TABLE attempt_bodies (
            attempt_id INTEGER PRIMARY KEY REFERENCES attempts(id),
            body BLOB NOT NULL
        );
        """,
        // 18: new messages and documents are counted by the one place that inserts them
        // (`SQLOutbox.insertGroup`, a few upserts a group) instead of a trigger per row, which
        // upserts the same three counter rows for every message and document of a batch inside
        // its one transaction, on one core (a trigger held back by a `WHEN` costs about as much
        // as one that runs). Anything else that inserts messages or documents must count them
        // the same way (`swgate doctor` compares the counters with the rows).
        """
        DROP TRIGGER IF EXISTS messages_counted_insert;
        DROP TRIGGER IF EXISTS documents_counted_insert;
        """,
        // 19: the `appTime` each attempt stamped. A message sent as it was enqueued but for its
        // stamp (every unsigned one) sent the stored payload with that stamp in it: its bytes
        // are rebuilt from the two (and checked against `sent_sha256`) instead of being kept
        // again under the attempt, a page of the log for each send. Signed bytes are still kept.
        """
        ALTER TABLE attempts ADD COLUMN app_time TEXT;
        """,
    ]

    /// Counts every message and document again from the rows (after a copy into an embedded outbox).
    static let recount = """
        DELETE FROM counters;
        INSERT INTO counters(kind, key, n) SELECT 'state', state, COUNT(*) FROM messages GROUP BY state;
        INSERT INTO counters(kind, key, n) SELECT 'type', type, COUNT(*) FROM messages GROUP BY type;
        INSERT INTO counters(kind, key, n) SELECT 'customs', COALESCE(customs_status, 'none'), COUNT(*) FROM documents GROUP BY 2;
        """

    /// Documents whose customs status is not final and not an error, in terms of `customs_rank`
    /// (see `CustomsStatus.rank`): errors rank 25–26; an inventory is final from 90 (rejected,
    /// returned, released, closed); every other document also at 50 (accepted) and 70 (concluded).
    /// Queries repeat this text verbatim so that SQLite uses the partial index.
    static let waitingDocuments =
        "customs_rank < 90 AND customs_rank NOT IN (25, 26) AND (type = 'CEB621Message' OR customs_rank NOT IN (50, 70))"
    /// ``waitingDocuments`` for a query joining documents as `d` to their messages.
    static let waitingDocumentsInJoin = waitingDocuments.replacingOccurrences(of: "customs_rank", with: "d.customs_rank")
        .replacingOccurrences(of: "type =", with: "d.type =")
}
