// The two languages of the extension, by their VS Code language ids.

/** Balancer configuration: A10 ACOS running-config and the status summary form. */
export const CONFIG_LANGUAGE = 'balancer-config';
/** Capture dumps the balancer prints (axdebug). */
export const CAPTURE_LANGUAGE = 'balancer-capture';
