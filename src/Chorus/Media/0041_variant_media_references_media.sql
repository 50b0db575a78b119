-- A variant's images (0011, written before the media table existed) now reference the library's items. The library
-- still refuses to delete an item in use with a clear answer (MediaLibrary.DeleteAsync); this key is the database's
-- own guarantee behind it. "No action" rather than "restrict": it is checked at the end of the statement, so removing a
-- whole workspace (whose posts and media both go by cascade) is not refused half-way.
alter table post_variant_media
    add constraint post_variant_media_media_id_fkey foreign key (media_id) references media (id);
