package dev.dbrestore.pipelines.repository;

/**
 * One backup set in a backup repository, as {@code dbrestore backups list} shows it. A complete
 * set has {@code time} (the manifest's start time), {@code bytes} (the sum of its chunks) and
 * {@code tables}; a set that is not complete (no readable manifest) has no time (null), the
 * size of its files, and {@code tables} -1.
 */
public record BackupSetInfo(
    String source,
    String backupTask,
    String setId,
    String time,
    long bytes,
    int tables,
    boolean complete) {}
