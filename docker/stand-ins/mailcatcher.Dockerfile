# Stand-in for axllent/mailpit where no image registry is reachable: the project's one-file mail
# catcher (kratos/MailCatcher.java) on Mailpit's ports, SMTP 1025 and web 8025, on the container's
# network. Built by docker/stand-in-images.sh from the kratos/ folder (MAILPIT_IMAGE=...).
ARG BASE_IMAGE=localhost/stackspin-admin-base:bookworm-jdk17
FROM ${BASE_IMAGE}
COPY MailCatcher.java /opt/MailCatcher.java
USER 10001:10001
EXPOSE 1025 8025
ENTRYPOINT ["java", "/opt/MailCatcher.java", "--host", "0.0.0.0", "--smtp-port", "1025", "--http-port", "8025", "--dir", "/tmp/mail"]
