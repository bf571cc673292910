/**
 * Manifests and values files the simulator tests share: the dataspoke-example manifests and values for
 * the two DataHub releases, shaped like the product's.
 */
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** The example namespace and the Secret the example PostgreSQL reads. */
export const EXAMPLE_NAMESPACE = `apiVersion: v1
kind: Namespace
metadata:
  name: dummy-data1
---
apiVersion: v1
kind: Secret
metadata:
  name: example-postgres-secret
  namespace: dummy-data1
stringData:
  POSTGRES_USER: postgres
  POSTGRES_PASSWORD: ExampleDev2024!
  POSTGRES_DB: example_db
`;

/** manifests/postgres.yaml. */
export const POSTGRES_MANIFEST = `apiVersion: v1
kind: PersistentVolumeClaim
metadata:
  name: example-postgres-data
spec:
  accessModes: [ReadWriteOnce]
  resources:
    requests:
      storage: 5Gi
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: example-postgres
  labels: {app: example-postgres}
spec:
  replicas: 1
  selector:
    matchLabels: {app: example-postgres}
  template:
    metadata:
      labels: {app: example-postgres}
    spec:
      containers:
        - name: postgres
          image: postgres:15
          ports: [{containerPort: 5432}]
          envFrom:
            - secretRef: {name: example-postgres-secret}
          resources:
            limits: {memory: 256Mi, cpu: 500m}
            requests: {memory: 128Mi, cpu: 100m}
          volumeMounts: [{name: data, mountPath: /var/lib/postgresql/data}]
      volumes:
        - name: data
          persistentVolumeClaim: {claimName: example-postgres-data}
---
apiVersion: v1
kind: Service
metadata:
  name: example-postgres
spec:
  selector: {app: example-postgres}
  ports: [{port: 5432, targetPort: 5432}]
`;

/** manifests/kafka.yaml. */
export const KAFKA_MANIFEST = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: example-kafka
spec:
  selector:
    matchLabels: {app: example-kafka}
  template:
    metadata:
      labels: {app: example-kafka}
    spec:
      containers:
        - name: kafka
          image: apache/kafka:3.9.0
          ports: [{containerPort: 9092}]
          resources:
            limits: {memory: 512Mi, cpu: 500m}
---
apiVersion: v1
kind: Service
metadata:
  name: example-kafka
spec:
  selector: {app: example-kafka}
  ports: [{port: 9092, targetPort: 9092}]
---
apiVersion: batch/v1
kind: Job
metadata:
  name: example-kafka-topic-init
spec:
  template:
    spec:
      restartPolicy: OnFailure
      containers:
        - name: init
          image: apache/kafka:3.9.0
          command: [sh, -c, "kafka-topics.sh --create --topic example_topic"]
`;

/** The datahub namespace and mysql-secrets. */
export const DATAHUB_NAMESPACE = `apiVersion: v1
kind: Namespace
metadata:
  name: datahub-01
---
apiVersion: v1
kind: Secret
metadata:
  name: mysql-secrets
  namespace: datahub-01
stringData:
  mysql-root-password: RootDevPassword2024!
  mysql-password: DatahubDevPassword2024!
`;

/** prerequisites-values.yaml as DEV_ENV sizes it. */
export const PREREQUISITES_VALUES = `elasticsearch:
  esJavaOpts: "-Xmx512m -Xms512m"
  resources:
    requests: {cpu: 200m, memory: 1536Mi}
    limits: {cpu: 1000m, memory: 2560Mi}
mysql:
  auth:
    existingSecret: mysql-secrets
  primary:
    persistence: {enabled: false}
    resources:
      requests: {cpu: 100m, memory: 256Mi}
      limits: {cpu: 500m, memory: 768Mi}
kafka:
  broker:
    replicaCount: 1
    resources:
      requests: {cpu: 200m, memory: 256Mi}
      limits: {cpu: 1000m, memory: 512Mi}
`;

/** datahub values.yaml with the host overrides UPSTREAM.md lists and ClusterIP services. */
export const DATAHUB_VALUES = `global:
  sql:
    datasource:
      host: "datahub-prerequisites-mysql:3306"
      hostForMysqlClient: "datahub-prerequisites-mysql"
      url: "jdbc:mysql://datahub-prerequisites-mysql:3306/datahub?verifyServerCertificate=false&useSSL=true"
  kafka:
    bootstrap:
      server: "datahub-prerequisites-kafka:9092"
    zookeeper:
      server: "datahub-prerequisites-zookeeper:2181"
datahub-gms:
  service: {type: ClusterIP}
  resources:
    limits: {memory: 1536Mi}
    requests: {cpu: 500m, memory: 768Mi}
datahub-frontend:
  service: {type: ClusterIP}
`;

/** Writes files (path -> content) under a fresh temporary folder and returns it. */
export async function writeTree(files: Record<string, string>): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), 'sim-test-'));
  for (const [path, content] of Object.entries(files)) {
    await mkdir(dirname(join(root, path)), { recursive: true });
    await writeFile(join(root, path), content);
  }
  return root;
}
