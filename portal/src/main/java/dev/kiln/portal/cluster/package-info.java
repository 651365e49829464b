/**
 * The cluster as admins see it: the Nodes screen, which puts together the nodes' check-ins (from
 * {@code node}) and the build queue (from {@code build}). A feature of its own so that neither of
 * those depends on the other's screens.
 */
package dev.kiln.portal.cluster;
