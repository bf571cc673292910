{{/*
Common helpers of the dataspoke umbrella chart: names and labels.
*/}}

{{/* The chart name, or nameOverride. */}}
{{- define "dataspoke.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
The fully qualified app name: fullnameOverride, else the release name when it already contains the chart
name (release "dataspoke" gives "dataspoke", hence ConfigMap "dataspoke-config"), else "<release>-<chart>".
Truncated to 63 characters because some Kubernetes name fields are limited to this (by the DNS naming spec).
*/}}
{{- define "dataspoke.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{/* Chart name and version, as used by the helm.sh/chart label. */}}
{{- define "dataspoke.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Selector labels: stable for the life of a release. */}}
{{- define "dataspoke.selectorLabels" -}}
app.kubernetes.io/name: {{ include "dataspoke.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{/* Common labels on every object the umbrella chart itself renders. */}}
{{- define "dataspoke.labels" -}}
helm.sh/chart: {{ include "dataspoke.chart" . }}
{{ include "dataspoke.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: dataspoke
{{- end }}
