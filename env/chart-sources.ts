/** Where each Helm chart comes from by default (each can be changed in .env: a mirror, an offline network). */
export const CHART_SOURCE_DEFAULTS = {
  datahub: 'https://helm.datahubproject.io/',
  bitnami: 'oci://registry-1.docker.io/bitnamicharts',
  qdrant: 'https://qdrant.github.io/qdrant-helm',
  temporal: 'https://go.temporal.io/helm-charts',
} as const;
