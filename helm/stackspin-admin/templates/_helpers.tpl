{{- define "stackspin-admin.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "stackspin-admin.fullname" -}}
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

{{- define "stackspin-admin.selectorLabels" -}}
app.kubernetes.io/name: {{ include "stackspin-admin.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "stackspin-admin.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
{{ include "stackspin-admin.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{- define "stackspin-admin.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "stackspin-admin.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{- define "stackspin-admin.smtpSecretName" -}}
{{- default (printf "%s-smtp" (include "stackspin-admin.fullname" .)) .Values.smtp.existingSecret }}
{{- end }}

{{/* A Secret with SMTP credentials exists (the chart's own or an existing one). */}}
{{- define "stackspin-admin.hasSmtpSecret" -}}
{{- if or .Values.smtp.existingSecret .Values.smtp.username .Values.smtp.password }}true{{- end }}
{{- end }}

{{/* The Secret holding the flash cookie key shared by all replicas. */}}
{{- define "stackspin-admin.flashKeySecretName" -}}
{{- printf "%s-flash-key" (include "stackspin-admin.fullname" .) }}
{{- end }}

{{/* The Secret holding the key of CSRF tokens and sign-in device cookies, shared by all replicas. */}}
{{- define "stackspin-admin.signingKeySecretName" -}}
{{- printf "%s-signing-key" (include "stackspin-admin.fullname" .) }}
{{- end }}

{{/*
Saves of one user are serialised across replicas only by an advisory lock in a PostgreSQL
audit database (docs/security.md): refuse several replicas without one, rather than lose saves.
*/}}
{{- define "stackspin-admin.requireSharedLock" -}}
{{- if and (gt (int .Values.replicaCount) 1) (not (hasPrefix "jdbc:postgresql:" (toString .Values.audit.databaseUrl))) }}
{{- fail (printf "replicaCount: %v needs a shared PostgreSQL audit store: set audit.databaseUrl to a jdbc:postgresql:// URL (with audit.existingSecret for its user and password), or set replicaCount: 1. Without it, saves of one user on different replicas overtake each other and updates are lost (docs/deployment.md, \"Replicas\")" .Values.replicaCount) }}
{{- end }}
{{- end }}
