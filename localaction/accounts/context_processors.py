from localaction.accounts.access import access_of


def access(request) -> dict:
    return {"access": access_of(request.user)}
