/**
 * JDBC access to the state and read models: the {@link io.clicktrail.store.Store} seam with its
 * SQLite implementation (the embedded default), the few dialect differences, and the schema
 * migrations. Features own their tables; this package owns how a transaction is run.
 */
@NullMarked
package io.clicktrail.store;

import org.jspecify.annotations.NullMarked;
