-- Where a target's objects are read without a key (a bucket website, a CDN,
-- R2's public domain): the links to published pages point there. NULL: at
-- the endpoint itself, which opens only for a bucket that lets anyone read.
ALTER TABLE storage_targets ADD COLUMN public_url TEXT;
