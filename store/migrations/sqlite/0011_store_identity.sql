-- Each store gets a random identity when it is made (or upgraded to this
-- version), kept in counters. A program that opened the store reads it
-- then, and checks it before each write: a store deleted and made anew, or
-- another store put in its place, while a program runs has another
-- identity, and the program stops writing instead of writing into it
-- unseen. (On SQLite the file's device and inode are checked too.) A
-- backup copies the identity: it is the same store, at an earlier time.
INSERT INTO counters(name, value) VALUES ('store-identity', random())
  ON CONFLICT(name) DO NOTHING;
