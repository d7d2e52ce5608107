-- track: recents read the (message_id, seq) index (counted clicks are numbered in seq order),
-- so the index on counted_seq only cost every projected click an extra b-tree insert.
DROP INDEX clicks_message_counted;
