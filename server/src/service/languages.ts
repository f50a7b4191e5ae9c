// The two languages of the extension, by their VS Code language ids.

/** Balancer configuration: A10 ACOS running-configs (one device per file) and the VIP status summary form. */
export const CONFIG_LANGUAGE = 'balancer-config';
/** Capture dumps: the balancer's axdebug and debug packet output, tcpdump's text, and binary pcap/pcapng captures shown in that text. */
export const CAPTURE_LANGUAGE = 'balancer-capture';
