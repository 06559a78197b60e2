/** One MQTT publication, built by pure code and handed to a client by publisher.ts. */
export interface MqttMessage {
  topic: string;
  payload: Uint8Array | string;
  qos: 0 | 1;
  retain: boolean;
}

/**
 * MQTT topic levels cannot hold the wildcards + and #, and a / would add a level; Sparkplug
 * forbids the same characters in group, edge node and device ids. Replace them rather than
 * fail, so a site named "Lyon/Gerland" still publishes.
 */
export function topicLevel(name: string): string {
  return name.replace(/[/+#]/g, '_');
}
