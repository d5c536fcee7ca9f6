# AWS CLI helpers for scripts/deploy, find-eni, functions-by-sg. Sourced after common.sh.
# shellcheck shell=bash

# The AWS CLI to run: $AWS_CLI if set (tests pin /usr/bin/aws), else `aws` on PATH.
VF_AWS="${AWS_CLI:-aws}"
# Extra arguments for every call (--endpoint-url, --region, --profile), filled by vf_aws_option.
VF_AWS_ARGS=()

vf_aws_require() {
  command -v "$VF_AWS" >/dev/null 2>&1 \
    || vf_die "the AWS CLI ('$VF_AWS') is not installed: apt-get install awscli (scripts/setup does it), or set AWS_CLI to its path"
}

# Consumes one of the common options; returns 1 when $1 is not one of them.
#   --endpoint-url URL   send every call there (a local fake or a VPC endpoint)
#   --region REGION / --profile NAME
vf_aws_option() {
  case "$1" in
    --endpoint-url|--region|--profile)
      [ $# -ge 2 ] && [ -n "$2" ] || vf_die "$1 needs a value"
      VF_AWS_ARGS+=("$1" "$2"); return 0 ;;
    *) return 1 ;;
  esac
}

# Runs the AWS CLI; on failure explains the usual causes (no credentials, no region, access denied)
# and exits 1. stdout is the command's output.
vf_aws_call() {
  local err rc out
  err="$(mktemp)"
  set +e
  out="$(AWS_PAGER="" "$VF_AWS" "$@" "${VF_AWS_ARGS[@]}" 2>"$err")"; rc=$?
  set -e
  if [ $rc -ne 0 ]; then
    local message; message="$(cat "$err")"; rm -f "$err"
    case "$message" in
      *"Unable to locate credentials"*|*"NoCredentialProviders"*|*"could not be found"*"profile"*|*"InvalidClientTokenId"*|*"ExpiredToken"*)
        vf_die "no usable AWS credentials for 'aws $1 $2': configure them (aws configure, AWS_PROFILE, or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY) and run again. The CLI said: ${message//$'\n'/ }" ;;
      *"You must specify a region"*|*"NoRegion"*)
        vf_die "no AWS region for 'aws $1 $2': pass --region or set AWS_REGION. The CLI said: ${message//$'\n'/ }" ;;
      *"AccessDenied"*|*"UnauthorizedOperation"*|*"not authorized"*)
        vf_die "'aws $1 $2' was denied: the caller needs that permission. The CLI said: ${message//$'\n'/ }" ;;
      *)
        vf_die "'aws $*' failed (exit $rc): ${message//$'\n'/ }" ;;
    esac
  fi
  rm -f "$err"
  printf '%s\n' "$out"
}
