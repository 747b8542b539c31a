package net.stackspin.admin.system;

/**
 * A record that may travel in the flash cookie besides plain text (e.g. a one-time
 * recovery link). It is written and read as JSON, never with Java serialization, and only
 * records of this application that implement this interface are read back.
 */
public interface FlashValue {

}
