-- The images attached to a variant, in order, each with the alternative text this variant gives it (a variant may
-- describe the same image differently; null: the library's text). Removed with the variant.
--
-- A media item a variant uses cannot be deleted: the library refuses it (MediaLibrary.DeleteAsync locks the item and
-- looks here). The foreign key to media (id) is added by 0041, once the media table exists; attaching locks the items
-- it attaches (for share) in the same transaction, so a delete waits for the attachment and then sees it.
create table post_variant_media (
    variant_id uuid not null references post_variants (id) on delete cascade,
    position smallint not null check (position between 0 and 19),
    media_id uuid not null,
    alt_text text check (length(alt_text) <= 1500),
    primary key (variant_id, position),
    unique (variant_id, media_id)
);
create index post_variant_media_media on post_variant_media (media_id);
