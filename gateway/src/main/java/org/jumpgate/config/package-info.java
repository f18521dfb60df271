/**
 * The gateway's configuration: the YAML file operators write (its keys are a contract that
 * operators' tooling relies on; the shipped etc/jumpgate.yaml shows them all), read into
 * validated records. {@link org.jumpgate.config.ConfigLoader} reports every error at once,
 * each naming the key, the bad value and what was expected, so a bad file is fixed in one pass.
 */
@NullMarked
package org.jumpgate.config;

import org.jspecify.annotations.NullMarked;
