package dev.dbrestore.transforms.backup;

import dev.dbrestore.io.format.Manifest;
import java.io.Serializable;

/** A chunk file the backup wrote, with the table it belongs to. */
public record ExportedChunk(String database, String table, Manifest.Chunk chunk)
    implements Serializable {}
